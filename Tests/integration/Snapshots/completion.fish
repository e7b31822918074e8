function __vault_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __vault_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __vault_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __vault_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __vault_parse_tokens -S
    set -l unparsed_tokens (__vault_tokens -pc)
    switch $unparsed_tokens[1]
    case 'vault'
        __vault_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'add'
            __vault_parse_subcommand 1 'env' 'import' 'all' 'remove-plaintext' 'force' 'no-prompt' 'protector=' 'version' 'h/help'
        case 'list'
            __vault_parse_subcommand 0 'json' 'no-prompt' 'protector=' 'version' 'h/help'
        case 'remove'
            __vault_parse_subcommand 1 'force' 'no-prompt' 'protector=' 'version' 'h/help'
        case 'rotate'
            __vault_parse_subcommand 1 'keep-old-inactive' 'using=' 'mfa-code=' 'yes' 'no-prompt' 'protector=' 'version' 'h/help'
        case 'accept-file'
            __vault_parse_subcommand 0 'yes' 'no-prompt' 'protector=' 'version' 'h/help'
        case 'unlock'
            __vault_parse_subcommand 0 'for=' 'no-prompt' 'protector=' 'version' 'h/help'
        case 'lock'
            __vault_parse_subcommand 0 'no-prompt' 'protector=' 'version' 'h/help'
        case 'protect'
            __vault_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __vault_parse_subcommand 0 'json' 'no-prompt' 'protector=' 'version' 'h/help'
            case 'add'
                __vault_parse_subcommand 1 'pin' 'pcrs=' 'no-prompt' 'protector=' 'version' 'h/help'
            case 'remove'
                __vault_parse_subcommand 1 'force' 'no-prompt' 'protector=' 'version' 'h/help'
            end
        case 'passwd'
            __vault_parse_subcommand 0 'no-prompt' 'protector=' 'version' 'h/help'
        case 'assume'
            __vault_parse_subcommand 1 'duration=' 'region=' 'mfa-code=' 'refresh' 'no-mfa-session' 'format=' 'no-prompt' 'protector=' 'version' 'h/help'
        case 'exec'
            __vault_parse_subcommand -r 2 'duration=' 'region=' 'mfa-code=' 'refresh' 'no-mfa-session' 'force' 'server' 'deactivate-after' 'using=' 'no-prompt' 'protector=' 'version' 'h/help'
        case 'clear'
            __vault_parse_subcommand 1 'no-prompt' 'protector=' 'version' 'h/help'
        case 'status'
            __vault_parse_subcommand 0 'json' 'prompt' 'no-prompt' 'protector=' 'version' 'h/help'
        case 'deactivate-admin-keys'
            __vault_parse_subcommand 0 'profile=' 'dry-run' 'no-prompt' 'protector=' 'version' 'h/help'
        case 'activate-admin-keys'
            __vault_parse_subcommand 0 'profile=' 'using=' 'no-prompt' 'protector=' 'version' 'h/help'
        case 'init'
            __vault_parse_subcommand 0 'protect=' 'pin' 'pcrs=' 'backend=' 'no-prompt' 'protector=' 'version' 'h/help'
        case 'setup'
            __vault_parse_subcommand 0 'role-name=' 'mfa-serial=' 'create-mfa' 'show-secret' 'profile=' 'source-profile=' 'using=' 'policy-arn=+' 'max-session-duration=' 'trust=+' 'region=' 'dry-run' 'update' 'verify' 'mfa-code=' 'no-prompt' 'protector=' 'version' 'h/help'
        case 'create-mfa-device'
            __vault_parse_subcommand 0 'profile=' 'user=' 'using=' 'device-name=' 'config-profile=' 'show-secret' 'no-prompt' 'protector=' 'version' 'h/help'
        case 'doctor'
            __vault_parse_subcommand 0 'profile=' 'using=' 'json' 'no-prompt' 'protector=' 'version' 'h/help'
        case 'config'
            __vault_parse_subcommand -r 2 'unset' 'no-prompt' 'protector=' 'version' 'h/help'
        case 'console'
            __vault_parse_subcommand 1 'display-name=' 'color=' 'path=' 'region=' 'open' 'no-prompt' 'protector=' 'version' 'h/help'
        case 'login'
            __vault_parse_subcommand 1 'duration=' 'region=' 'mfa-code=' 'refresh' 'no-mfa-session' 'path=' 'open' 'no-prompt' 'protector=' 'version' 'h/help'
        case 'sso'
            __vault_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'login'
                __vault_parse_subcommand 1 'open' 'share' 'import' 'file=' 'no-prompt' 'version' 'h/help'
            case 'logout'
                __vault_parse_subcommand 1 'no-prompt' 'version' 'h/help'
            case 'list'
                __vault_parse_subcommand 1 'write-profiles' 'no-prompt' 'version' 'h/help'
            end
        case 'help'
            __vault_parse_subcommand -r 1 'version'
        end
    end
end

function __vault_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __vault_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __vault_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __vault_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__vault_tokens -p)
    if test -z "$(__vault_tokens -t)"
        set -l index (count (__vault_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'vault' -f
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'add' -d 'Seal a profile\'s long-term access key into the vault.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'list' -d 'Show the profiles in the vault (no unlock needed).'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'remove' -d 'Delete a profile\'s key from the vault.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'rotate' -d 'Replace a profile\'s access key with a new one, proven before the old one goes.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'accept-file' -d 'Accept the vault file as it is now (a restored backup or a vault from elsewhere).'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'unlock' -d 'Unlock the vault once and keep it unlocked for a while.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'lock' -d 'Lock the vault now (end the window vault unlock opened).'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'protect' -d 'List, add and remove the protectors of the vault\'s key.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'passwd' -d 'Change the vault\'s passphrase.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'assume' -d 'Print temporary credentials for a profile (shell exports, credential_process JSON, ini).'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'exec' -d 'Run a command with a profile\'s temporary credentials in its environment.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'clear' -d 'Forget cached sessions (all, or one profile\'s).'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'status' -d 'Show the vault\'s lock, cached sessions with their time left, admin keys\' state.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'deactivate-admin-keys' -d 'After admin work: set the admin user\'s access keys Inactive.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'activate-admin-keys' -d 'Before admin work: set the admin keys Active again, using another identity.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'init' -d 'Create an empty vault and choose how its key is protected.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'setup' -d 'Create the article\'s setup: a role that needs MFA, a least-privilege user policy, the profile.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'create-mfa-device' -d 'Create a virtual MFA device, show it as a QR code, link it with two codes.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'doctor' -d 'Check the setup: plaintext keys, the vault, MFA on the role, least privilege, clock.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'config' -d 'Show or change vault\'s settings (admin-profile, key-max-age-days).'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'console' -d 'Print the web console\'s Switch Role link for a role profile.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'login' -d 'Print a console sign-in URL for a role profile\'s temporary credentials.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'sso' -d 'Sign in to IAM Identity Center; tokens stay sealed.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault add" -eq 1' -fka '(__vault_custom_completion ---completion add -- positional@0 (count (__vault_tokens -pc)) (__vault_tokens -tC))'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault add" env' -l 'env' -d 'Take the key from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault add" import' -l 'import' -d 'Take the key from the profile in ~/.aws/credentials (or ~/.aws/config).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault add" all' -l 'all' -d 'With --import: every profile that has long-term keys in those files.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault add" remove-plaintext' -l 'remove-plaintext' -d 'With --import: once the vault is proven to open to the same key, delete it from the file.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault add" force' -l 'force' -d 'Replace the profile\'s key without asking.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault add" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault add" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault add" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault list" json' -l 'json' -d 'Print JSON for scripts.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault list" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault list" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault list" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault remove" -eq 1' -fka '(__vault_custom_completion ---completion remove -- positional@0 (count (__vault_tokens -pc)) (__vault_tokens -tC))'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault remove" force' -l 'force' -d 'Remove without asking.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault remove" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault remove" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault remove" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault remove" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault rotate" -eq 1' -fka '(__vault_custom_completion ---completion rotate -- positional@0 (count (__vault_tokens -pc)) (__vault_tokens -tC))'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault rotate" keep-old-inactive' -l 'keep-old-inactive' -d 'Stop at deactivating the old key (so it can be restored), instead of deleting it.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault rotate" using' -l 'using' -d 'Sign the IAM calls with this profile\'s keys (an admin) instead of the MFA session of PROFILE\'s key.' -rfka '(__vault_custom_completion ---completion rotate -- --using (count (__vault_tokens -pc)) (__vault_tokens -tC))'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault rotate" mfa-code' -l 'mfa-code' -d 'The current MFA code, when the MFA session of PROFILE\'s key must be started.' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault rotate" yes' -l 'yes' -d 'Delete the inactive previous key an earlier --keep-old-inactive kept, without asking.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault rotate" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault rotate" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault rotate" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault rotate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault accept-file" yes' -l 'yes' -d 'Accept without asking.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault accept-file" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault accept-file" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault accept-file" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault accept-file" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault unlock" for' -l 'for' -d 'How long to stay unlocked.' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault unlock" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault unlock" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault unlock" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault unlock" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault lock" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault lock" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault lock" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault lock" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault protect" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault protect" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault protect" -eq 1' -fa 'list' -d 'List the vault key\'s protectors: ID, kind.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault protect" -eq 1' -fa 'add' -d 'Add a protector: passphrase, secret-service, tpm2 or recovery.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault protect" -eq 1' -fa 'remove' -d 'Remove a protector by its id (vault protect list).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault protect list" json' -l 'json' -d 'Print JSON for scripts.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault protect list" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault protect list" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault protect list" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault protect list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault protect add" -eq 1' -fka 'passphrase secret-service tpm2 recovery'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault protect add" pin' -l 'pin' -d 'tpm2: also ask for a PIN at every unlock (the TPM limits guesses).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault protect add" pcrs' -l 'pcrs' -d 'tpm2: bind to these SHA-256 PCRs\' current values (e.g. 7).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault protect add" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault protect add" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault protect add" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault protect add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault protect remove" force' -l 'force' -d 'Remove it even if no remaining protector survives the loss of this machine.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault protect remove" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault protect remove" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault protect remove" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault protect remove" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault passwd" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault passwd" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault passwd" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault passwd" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault assume" -eq 1' -fka '(__vault_custom_completion ---completion assume -- positional@0 (count (__vault_tokens -pc)) (__vault_tokens -tC))'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault assume" duration' -l 'duration' -d 'Session length: seconds, or like 30m, 4h, 1h30m (15m–12h for a role, up to 36h without one; default: the profile\'s duration_seconds, else 1h).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault assume" region' -l 'region' -d 'Region for STS and for the exported AWS_REGION (default: the profile\'s region).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault assume" mfa-code' -l 'mfa-code' -d 'The current code from your MFA device (otherwise mfa_process, otherwise asked on the terminal).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault assume" refresh' -l 'refresh' -d 'Ignore the cached session (and MFA session) and get a new one.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault assume" no-mfa-session' -l 'no-mfa-session' -d 'Send the MFA code with this role\'s AssumeRole instead of signing it with the MFA session.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault assume" format' -l 'format' -d 'env: POSIX shell export lines (default); fish: fish set -gx lines; json: the credential_process format; ini: a credentials-file section.' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault assume" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault assume" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault assume" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault assume" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault exec" -eq 1' -fka '(__vault_custom_completion ---completion exec -- positional@0 (count (__vault_tokens -pc)) (__vault_tokens -tC))'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault exec" duration' -l 'duration' -d 'Session length: seconds, or like 30m, 4h, 1h30m (15m–12h for a role, up to 36h without one; default: the profile\'s duration_seconds, else 1h).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault exec" region' -l 'region' -d 'Region for STS and for the exported AWS_REGION (default: the profile\'s region).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault exec" mfa-code' -l 'mfa-code' -d 'The current code from your MFA device (otherwise mfa_process, otherwise asked on the terminal).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault exec" refresh' -l 'refresh' -d 'Ignore the cached session (and MFA session) and get a new one.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault exec" no-mfa-session' -l 'no-mfa-session' -d 'Send the MFA code with this role\'s AssumeRole instead of signing it with the MFA session.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault exec" force' -l 'force' -d 'Start even inside another vault session (AWS_VAULT set).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault exec" server' -l 'server' -d 'Serve refreshing credentials from 127.0.0.1 instead of putting them in the environment.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault exec" deactivate-after' -l 'deactivate-after' -d 'PROFILE is an admin profile: activate its keys if inactive (with --using), run the command, deactivate them when it ends.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault exec" using' -l 'using' -d 'With --deactivate-after: the profile whose credentials activate inactive admin keys.' -rfka '(__vault_custom_completion ---completion exec -- --using (count (__vault_tokens -pc)) (__vault_tokens -tC))'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault exec" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault exec" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault exec" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault exec" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault clear" -eq 1' -fka '(__vault_custom_completion ---completion clear -- positional@0 (count (__vault_tokens -pc)) (__vault_tokens -tC))'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault clear" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault clear" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault clear" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault clear" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault status" json' -l 'json' -d 'Print JSON for scripts.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault status" prompt' -l 'prompt' -d 'Print only a short segment for a shell prompt: the profile and minutes left of the current session (AWS_VAULT, else AWS_PROFILE\'s cached session), nothing when there is none.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault status" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault status" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault status" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault deactivate-admin-keys" profile' -l 'profile' -d 'The admin profile (default: the admin-profile setting, else \'admin\').' -rfka '(__vault_custom_completion ---completion deactivate-admin-keys -- --profile (count (__vault_tokens -pc)) (__vault_tokens -tC))'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault deactivate-admin-keys" dry-run' -l 'dry-run' -d 'Show what would change; change nothing.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault deactivate-admin-keys" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault deactivate-admin-keys" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault deactivate-admin-keys" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault deactivate-admin-keys" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault activate-admin-keys" profile' -l 'profile' -d 'The admin profile (default: the admin-profile setting, else \'admin\').' -rfka '(__vault_custom_completion ---completion activate-admin-keys -- --profile (count (__vault_tokens -pc)) (__vault_tokens -tC))'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault activate-admin-keys" using' -l 'using' -d 'The profile whose credentials reactivate the keys (required).' -rfka '(__vault_custom_completion ---completion activate-admin-keys -- --using (count (__vault_tokens -pc)) (__vault_tokens -tC))'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault activate-admin-keys" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault activate-admin-keys" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault activate-admin-keys" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault activate-admin-keys" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault init" protect' -l 'protect' -d 'passphrase (default), secret-service, tpm2 or recovery.' -rfka 'passphrase secret-service tpm2 recovery'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault init" pin' -l 'pin' -d 'tpm2: also ask for a PIN at every unlock.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault init" pcrs' -l 'pcrs' -d 'tpm2: bind to these SHA-256 PCRs (e.g. 7).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault init" backend' -l 'backend' -d 'file or secret-service: the older name of --protect.' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault init" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault init" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault init" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault init" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault setup" role-name' -l 'role-name' -d 'The role to create (for example PowerUserRole).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault setup" mfa-serial' -l 'mfa-serial' -d 'Your MFA device\'s ARN (arn:aws:iam::ACCOUNT:mfa/NAME).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault setup" create-mfa' -l 'create-mfa' -d 'First create and link a virtual MFA device for the source user (as vault create-mfa-device does).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault setup" show-secret' -l 'show-secret' -d 'With --create-mfa: print the device\'s Base32 seed instead of its QR code.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault setup" profile' -l 'profile' -d 'The profile to write to ~/.aws/config.' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault setup" source-profile' -l 'source-profile' -d 'The profile whose vault keys sign the setup and who may assume the role.' -rfka '(__vault_custom_completion ---completion setup -- --source-profile (count (__vault_tokens -pc)) (__vault_tokens -tC))'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault setup" using' -l 'using' -d 'A profile whose vault keys sign the IAM calls instead (an admin), e.g. --using admin.' -rfka '(__vault_custom_completion ---completion setup -- --using (count (__vault_tokens -pc)) (__vault_tokens -tC))'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault setup"' -l 'policy-arn' -d 'Managed policies for the role (default: PowerUserAccess).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault setup" max-session-duration' -l 'max-session-duration' -d 'The role\'s maximum session, 1h..12h (or seconds).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault setup"' -l 'trust' -d 'Principals the role trusts instead of the source user (repeatable).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault setup" region' -l 'region' -d 'The profile\'s region.' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault setup" dry-run' -l 'dry-run' -d 'Show the policies and what would change; change nothing.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault setup" update' -l 'update' -d 'Bring an existing, different role in line with these settings.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault setup" verify' -l 'verify' -d 'Afterwards, assume the role once with MFA to prove it works (waits while IAM propagates a new role).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault setup" mfa-code' -l 'mfa-code' -d 'The MFA code for --verify (otherwise asked on the terminal).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault setup" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault setup" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault setup" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault setup" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault create-mfa-device" profile' -l 'profile' -d 'The vault profile whose IAM user gets the device.' -rfka '(__vault_custom_completion ---completion create-mfa-device -- --profile (count (__vault_tokens -pc)) (__vault_tokens -tC))'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault create-mfa-device" user' -l 'user' -d 'The IAM user to give the device (default: PROFILE\'s user).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault create-mfa-device" using' -l 'using' -d 'A profile whose vault keys sign the IAM calls instead (an admin).' -rfka '(__vault_custom_completion ---completion create-mfa-device -- --using (count (__vault_tokens -pc)) (__vault_tokens -tC))'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault create-mfa-device" device-name' -l 'device-name' -d 'The device\'s name (default: the user\'s name).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault create-mfa-device" config-profile' -l 'config-profile' -d 'The ~/.aws/config profile that gets mfa_serial (default: PROFILE).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault create-mfa-device" show-secret' -l 'show-secret' -d 'Print the Base32 seed instead of the QR code (a secret: for a headless machine).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault create-mfa-device" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault create-mfa-device" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault create-mfa-device" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault create-mfa-device" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault doctor" profile' -l 'profile' -d 'Also check this profile\'s chain, role and user.' -rfka '(__vault_custom_completion ---completion doctor -- --profile (count (__vault_tokens -pc)) (__vault_tokens -tC))'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault doctor" using' -l 'using' -d 'Read IAM with this profile\'s keys (an admin\'s) for the role and user checks.' -rfka '(__vault_custom_completion ---completion doctor -- --using (count (__vault_tokens -pc)) (__vault_tokens -tC))'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault doctor" json' -l 'json' -d 'Print JSON for scripts.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault doctor" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault doctor" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault doctor" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault doctor" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault config" unset' -l 'unset' -d 'Remove the setting.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault config" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault config" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault config" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault config" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault console" -eq 1' -fka '(__vault_custom_completion ---completion console -- positional@0 (count (__vault_tokens -pc)) (__vault_tokens -tC))'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault console" display-name' -l 'display-name' -d 'The name the console shows for the role (default: the profile\'s name).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault console" color' -l 'color' -d 'The colour the console shows for the role: 6 hex digits, e.g. F2B0A9.' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault console" path' -l 'path' -d 'A console page to land on after the switch, e.g. s3/home or ec2/home#Instances.' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault console" region' -l 'region' -d 'The region the console shows (default: the console\'s choice).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault console" open' -l 'open' -d 'Also open the link with xdg-open.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault console" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault console" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault console" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault console" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault login" -eq 1' -fka '(__vault_custom_completion ---completion login -- positional@0 (count (__vault_tokens -pc)) (__vault_tokens -tC))'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault login" duration' -l 'duration' -d 'Session length: seconds, or like 30m, 4h, 1h30m (15m–12h for a role, up to 36h without one; default: the profile\'s duration_seconds, else 1h).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault login" region' -l 'region' -d 'Region for STS and for the exported AWS_REGION (default: the profile\'s region).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault login" mfa-code' -l 'mfa-code' -d 'The current code from your MFA device (otherwise mfa_process, otherwise asked on the terminal).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault login" refresh' -l 'refresh' -d 'Ignore the cached session (and MFA session) and get a new one.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault login" no-mfa-session' -l 'no-mfa-session' -d 'Send the MFA code with this role\'s AssumeRole instead of signing it with the MFA session.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault login" path' -l 'path' -d 'A console page to land on, e.g. s3/home or ec2/home#Instances (default: the console\'s home).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault login" open' -l 'open' -d 'Open the URL with xdg-open instead of printing it (printed if that fails).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault login" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault login" protector' -l 'protector' -d 'Unlock with this protector only (vault protect list).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault login" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault login" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault sso" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault sso" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault sso" -eq 1' -fa 'login' -d 'Sign in to IAM Identity Center (device code in the browser).'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault sso" -eq 1' -fa 'logout' -d 'Sign out of IAM Identity Center and forget the tokens.'
complete -c 'vault' -n '__vault_should_offer_completions_for_positional "vault sso" -eq 1' -fa 'list' -d 'List the accounts and roles an IAM Identity Center login reaches.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault sso login" open' -l 'open' -d 'Open the verification page with xdg-open.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault sso login" share' -l 'share' -d 'Also write the AWS CLI\'s token file (~/.aws/sso/cache/<sha1>.json, plaintext, 0600).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault sso login" import' -l 'import' -d 'Take over the AWS CLI\'s token file of this session instead of signing in.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault sso login" file' -l 'file' -d 'With --import: the token file to read (default: the AWS CLI\'s file for the session).' -rfka ''
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault sso login" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault sso login" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault sso login" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault sso logout" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault sso logout" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault sso logout" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault sso list" write-profiles' -l 'write-profiles' -d 'Add a profile to ~/.aws/config for each role no profile uses yet.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault sso list" no-prompt' -l 'no-prompt' -d 'Never ask a question; fail with a hint instead (for scripts and CI).'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault sso list" version' -l 'version' -d 'Show the version.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault sso list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'vault' -n '__vault_should_offer_completions_for_flags_or_options "vault help" version' -l 'version' -d 'Show the version.'
