#compdef vault

__vault_complete() {
    local -ar non_empty_completions=("${@:#(|:*)}")
    local -ar empty_completions=("${(M)@:#(|:*)}")
    _describe -V '' non_empty_completions -- empty_completions -P $'\'\''
}

__vault_custom_complete() {
    local -a completions
    completions=("${(@f)"$("${command_name}" "${@}" "${command_line[@]}")"}")
    if [[ "${#completions[@]}" -gt 1 ]]; then
        __vault_complete "${completions[@]:0:-1}"
    fi
}

__vault_cursor_index_in_current_word() {
    if [[ -z "${QIPREFIX}${IPREFIX}${PREFIX}" ]]; then
        printf 0
    else
        printf %s "${#${(z)LBUFFER}[-1]}"
    fi
}

_vault() {
    emulate -RL zsh -G
    setopt extendedglob nullglob numericglobsort
    unsetopt aliases banghist

    local -xr SAP_SHELL=zsh
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(builtin emulate zsh -c 'printf %s "${ZSH_VERSION}"')"
    local -r SAP_SHELL_VERSION

    local context state state_descr line
    local -A opt_args

    local -r command_name="${words[1]}"
    local -ar command_line=("${words[@]}")
    local -ir current_word_index="$((CURRENT - 1))"

    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'add:Seal a profile'\''s long-term access key into the vault.'
            'list:Show the profiles in the vault (no unlock needed).'
            'remove:Delete a profile'\''s key from the vault.'
            'rotate:Replace a profile'\''s access key with a new one, proven before the old one goes.'
            'accept-file:Accept the vault file as it is now (a restored backup or a vault from elsewhere).'
            'unlock:Unlock the vault once and keep it unlocked for a while.'
            'lock:Lock the vault now (end the window vault unlock opened).'
            'protect:List, add and remove the protectors of the vault'\''s key.'
            'passwd:Change the vault'\''s passphrase.'
            'assume:Print temporary credentials for a profile (shell exports, credential_process JSON, ini).'
            'exec:Run a command with a profile'\''s temporary credentials in its environment.'
            'clear:Forget cached sessions (all, or one profile'\''s).'
            'status:Show the vault'\''s lock, cached sessions with their time left, admin keys'\'' state.'
            'deactivate-admin-keys:After admin work: set the admin user'\''s access keys Inactive.'
            'activate-admin-keys:Before admin work: set the admin keys Active again, using another identity.'
            'init:Create an empty vault and choose how its key is protected.'
            'setup:Create the article'\''s setup: a role that needs MFA, a least-privilege user policy, the profile.'
            'create-mfa-device:Create a virtual MFA device, show it as a QR code, link it with two codes.'
            'doctor:Check the setup: plaintext keys, the vault, MFA on the role, least privilege, clock.'
            'config:Show or change vault'\''s settings (admin-profile, key-max-age-days).'
            'console:Print the web console'\''s Switch Role link for a role profile.'
            'login:Print a console sign-in URL for a role profile'\''s temporary credentials.'
            'sso:Sign in to IAM Identity Center; tokens stay sealed.'
            'help:Show subcommand help information.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        add|list|remove|rotate|accept-file|unlock|lock|protect|passwd|assume|exec|clear|status|deactivate-admin-keys|activate-admin-keys|init|setup|create-mfa-device|doctor|config|console|login|sso|help)
            "_vault_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_vault_add() {
    local -i ret=1
    local -ar arg_specs=(
        ':profile:{__vault_custom_complete ---completion add -- positional@0 "${current_word_index}" "$(__vault_cursor_index_in_current_word)"}'
        '--env[Take the key from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.]'
        '--import[Take the key from the profile in ~/.aws/credentials (or ~/.aws/config).]'
        '--all[With --import\: every profile that has long-term keys in those files.]'
        '--remove-plaintext[With --import\: once the vault is proven to open to the same key, delete it from the file.]'
        '--force[Replace the profile'\''s key without asking.]'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_list() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Print JSON for scripts.]'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_remove() {
    local -i ret=1
    local -ar arg_specs=(
        ':profile:{__vault_custom_complete ---completion remove -- positional@0 "${current_word_index}" "$(__vault_cursor_index_in_current_word)"}'
        '--force[Remove without asking.]'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_rotate() {
    local -i ret=1
    local -ar arg_specs=(
        ':profile:{__vault_custom_complete ---completion rotate -- positional@0 "${current_word_index}" "$(__vault_cursor_index_in_current_word)"}'
        '--keep-old-inactive[Stop at deactivating the old key (so it can be restored), instead of deleting it.]'
        '--using[Sign the IAM calls with this profile'\''s keys (an admin) instead of the MFA session of PROFILE'\''s key.]:using:{__vault_custom_complete ---completion rotate -- --using "${current_word_index}" "$(__vault_cursor_index_in_current_word)"}'
        '--mfa-code[The current MFA code, when the MFA session of PROFILE'\''s key must be started.]:mfa-code:'
        '--yes[Delete the inactive previous key an earlier --keep-old-inactive kept, without asking.]'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_accept-file() {
    local -i ret=1
    local -ar arg_specs=(
        '--yes[Accept without asking.]'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_unlock() {
    local -i ret=1
    local -ar arg_specs=(
        '--for[How long to stay unlocked.]:DURATION:'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_lock() {
    local -i ret=1
    local -ar arg_specs=(
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_protect() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'list:List the vault key'\''s protectors: ID, kind.'
            'add:Add a protector: passphrase, secret-service, tpm2 or recovery.'
            'remove:Remove a protector by its id (vault protect list).'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        list|add|remove)
            "_vault_protect_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_vault_protect_list() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Print JSON for scripts.]'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_protect_add() {
    local -i ret=1
    local -ar _kind=('passphrase' 'secret-service' 'tpm2' 'recovery')
    local -ar arg_specs=(
        ':kind:{__vault_complete "${_kind[@]}"}'
        '--pin[tpm2\: also ask for a PIN at every unlock (the TPM limits guesses).]'
        '--pcrs[tpm2\: bind to these SHA-256 PCRs'\'' current values (e.g. 7).]:LIST:'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_protect_remove() {
    local -i ret=1
    local -ar arg_specs=(
        ':id:'
        '--force[Remove it even if no remaining protector survives the loss of this machine.]'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_passwd() {
    local -i ret=1
    local -ar arg_specs=(
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_assume() {
    local -i ret=1
    local -ar arg_specs=(
        ':profile:{__vault_custom_complete ---completion assume -- positional@0 "${current_word_index}" "$(__vault_cursor_index_in_current_word)"}'
        '--duration[Session length\: seconds, or like 30m, 4h, 1h30m (15m–12h for a role, up to 36h without one; default\: the profile'\''s duration_seconds, else 1h).]:duration:'
        '--region[Region for STS and for the exported AWS_REGION (default\: the profile'\''s region).]:region:'
        '--mfa-code[The current code from your MFA device (otherwise mfa_process, otherwise asked on the terminal).]:mfa-code:'
        '--refresh[Ignore the cached session (and MFA session) and get a new one.]'
        '--no-mfa-session[Send the MFA code with this role'\''s AssumeRole instead of signing it with the MFA session.]'
        '--format[env\: POSIX shell export lines (default); fish\: fish set -gx lines; json\: the credential_process format; ini\: a credentials-file section.]:format:'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_exec() {
    local -i ret=1
    local -ar arg_specs=(
        ':profile:{__vault_custom_complete ---completion exec -- positional@0 "${current_word_index}" "$(__vault_cursor_index_in_current_word)"}'
        '--duration[Session length\: seconds, or like 30m, 4h, 1h30m (15m–12h for a role, up to 36h without one; default\: the profile'\''s duration_seconds, else 1h).]:duration:'
        '--region[Region for STS and for the exported AWS_REGION (default\: the profile'\''s region).]:region:'
        '--mfa-code[The current code from your MFA device (otherwise mfa_process, otherwise asked on the terminal).]:mfa-code:'
        '--refresh[Ignore the cached session (and MFA session) and get a new one.]'
        '--no-mfa-session[Send the MFA code with this role'\''s AssumeRole instead of signing it with the MFA session.]'
        '--force[Start even inside another vault session (AWS_VAULT set).]'
        '--server[Serve refreshing credentials from 127.0.0.1 instead of putting them in the environment.]'
        '--deactivate-after[PROFILE is an admin profile\: activate its keys if inactive (with --using), run the command, deactivate them when it ends.]'
        '--using[With --deactivate-after\: the profile whose credentials activate inactive admin keys.]:using:{__vault_custom_complete ---completion exec -- --using "${current_word_index}" "$(__vault_cursor_index_in_current_word)"}'
        '*:command:'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_clear() {
    local -i ret=1
    local -ar arg_specs=(
        ':profile:{__vault_custom_complete ---completion clear -- positional@0 "${current_word_index}" "$(__vault_cursor_index_in_current_word)"}'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_status() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Print JSON for scripts.]'
        '--prompt[Print only a short segment for a shell prompt\: the profile and minutes left of the current session (AWS_VAULT, else AWS_PROFILE'\''s cached session), nothing when there is none.]'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_deactivate-admin-keys() {
    local -i ret=1
    local -ar arg_specs=(
        '--profile[The admin profile (default\: the admin-profile setting, else '\''admin'\'').]:profile:{__vault_custom_complete ---completion deactivate-admin-keys -- --profile "${current_word_index}" "$(__vault_cursor_index_in_current_word)"}'
        '--dry-run[Show what would change; change nothing.]'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_activate-admin-keys() {
    local -i ret=1
    local -ar arg_specs=(
        '--profile[The admin profile (default\: the admin-profile setting, else '\''admin'\'').]:profile:{__vault_custom_complete ---completion activate-admin-keys -- --profile "${current_word_index}" "$(__vault_cursor_index_in_current_word)"}'
        '--using[The profile whose credentials reactivate the keys (required).]:using:{__vault_custom_complete ---completion activate-admin-keys -- --using "${current_word_index}" "$(__vault_cursor_index_in_current_word)"}'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_init() {
    local -i ret=1
    local -ar ___protect=('passphrase' 'secret-service' 'tpm2' 'recovery')
    local -ar arg_specs=(
        '--protect[passphrase (default), secret-service, tpm2 or recovery.]:protect:{__vault_complete "${___protect[@]}"}'
        '--pin[tpm2\: also ask for a PIN at every unlock.]'
        '--pcrs[tpm2\: bind to these SHA-256 PCRs (e.g. 7).]:LIST:'
        '--backend[file or secret-service\: the older name of --protect.]:backend:'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_setup() {
    local -i ret=1
    local -ar arg_specs=(
        '--role-name[The role to create (for example PowerUserRole).]:role-name:'
        '--mfa-serial[Your MFA device'\''s ARN (arn\:aws\:iam\:\:ACCOUNT\:mfa/NAME).]:mfa-serial:'
        '--create-mfa[First create and link a virtual MFA device for the source user (as vault create-mfa-device does).]'
        '--show-secret[With --create-mfa\: print the device'\''s Base32 seed instead of its QR code.]'
        '--profile[The profile to write to ~/.aws/config.]:profile:'
        '--source-profile[The profile whose vault keys sign the setup and who may assume the role.]:source-profile:{__vault_custom_complete ---completion setup -- --source-profile "${current_word_index}" "$(__vault_cursor_index_in_current_word)"}'
        '--using[A profile whose vault keys sign the IAM calls instead (an admin), e.g. --using admin.]:using:{__vault_custom_complete ---completion setup -- --using "${current_word_index}" "$(__vault_cursor_index_in_current_word)"}'
        '*--policy-arn[Managed policies for the role (default\: PowerUserAccess).]:policy-arn:'
        '--max-session-duration[The role'\''s maximum session, 1h..12h (or seconds).]:max-session-duration:'
        '*--trust[Principals the role trusts instead of the source user (repeatable).]:trust:'
        '--region[The profile'\''s region.]:region:'
        '--dry-run[Show the policies and what would change; change nothing.]'
        '--update[Bring an existing, different role in line with these settings.]'
        '--verify[Afterwards, assume the role once with MFA to prove it works (waits while IAM propagates a new role).]'
        '--mfa-code[The MFA code for --verify (otherwise asked on the terminal).]:mfa-code:'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_create-mfa-device() {
    local -i ret=1
    local -ar arg_specs=(
        '--profile[The vault profile whose IAM user gets the device.]:profile:{__vault_custom_complete ---completion create-mfa-device -- --profile "${current_word_index}" "$(__vault_cursor_index_in_current_word)"}'
        '--user[The IAM user to give the device (default\: PROFILE'\''s user).]:user:'
        '--using[A profile whose vault keys sign the IAM calls instead (an admin).]:using:{__vault_custom_complete ---completion create-mfa-device -- --using "${current_word_index}" "$(__vault_cursor_index_in_current_word)"}'
        '--device-name[The device'\''s name (default\: the user'\''s name).]:device-name:'
        '--config-profile[The ~/.aws/config profile that gets mfa_serial (default\: PROFILE).]:config-profile:'
        '--show-secret[Print the Base32 seed instead of the QR code (a secret\: for a headless machine).]'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_doctor() {
    local -i ret=1
    local -ar arg_specs=(
        '--profile[Also check this profile'\''s chain, role and user.]:profile:{__vault_custom_complete ---completion doctor -- --profile "${current_word_index}" "$(__vault_cursor_index_in_current_word)"}'
        '--using[Read IAM with this profile'\''s keys (an admin'\''s) for the role and user checks.]:using:{__vault_custom_complete ---completion doctor -- --using "${current_word_index}" "$(__vault_cursor_index_in_current_word)"}'
        '--json[Print JSON for scripts.]'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_config() {
    local -i ret=1
    local -ar arg_specs=(
        ':key:'
        '*:value:'
        '--unset[Remove the setting.]'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_console() {
    local -i ret=1
    local -ar arg_specs=(
        ':profile:{__vault_custom_complete ---completion console -- positional@0 "${current_word_index}" "$(__vault_cursor_index_in_current_word)"}'
        '--display-name[The name the console shows for the role (default\: the profile'\''s name).]:display-name:'
        '--color[The colour the console shows for the role\: 6 hex digits, e.g. F2B0A9.]:color:'
        '--path[A console page to land on after the switch, e.g. s3/home or ec2/home#Instances.]:path:'
        '--region[The region the console shows (default\: the console'\''s choice).]:region:'
        '--open[Also open the link with xdg-open.]'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_login() {
    local -i ret=1
    local -ar arg_specs=(
        ':profile:{__vault_custom_complete ---completion login -- positional@0 "${current_word_index}" "$(__vault_cursor_index_in_current_word)"}'
        '--duration[Session length\: seconds, or like 30m, 4h, 1h30m (15m–12h for a role, up to 36h without one; default\: the profile'\''s duration_seconds, else 1h).]:duration:'
        '--region[Region for STS and for the exported AWS_REGION (default\: the profile'\''s region).]:region:'
        '--mfa-code[The current code from your MFA device (otherwise mfa_process, otherwise asked on the terminal).]:mfa-code:'
        '--refresh[Ignore the cached session (and MFA session) and get a new one.]'
        '--no-mfa-session[Send the MFA code with this role'\''s AssumeRole instead of signing it with the MFA session.]'
        '--path[A console page to land on, e.g. s3/home or ec2/home#Instances (default\: the console'\''s home).]:path:'
        '--open[Open the URL with xdg-open instead of printing it (printed if that fails).]'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--protector[Unlock with this protector only (vault protect list).]:ID:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_sso() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'login:Sign in to IAM Identity Center (device code in the browser).'
            'logout:Sign out of IAM Identity Center and forget the tokens.'
            'list:List the accounts and roles an IAM Identity Center login reaches.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        login|logout|list)
            "_vault_sso_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_vault_sso_login() {
    local -i ret=1
    local -ar arg_specs=(
        ':session:'
        '--open[Open the verification page with xdg-open.]'
        '--share[Also write the AWS CLI'\''s token file (~/.aws/sso/cache/<sha1>.json, plaintext, 0600).]'
        '--import[Take over the AWS CLI'\''s token file of this session instead of signing in.]'
        '--file[With --import\: the token file to read (default\: the AWS CLI'\''s file for the session).]:file:'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_sso_logout() {
    local -i ret=1
    local -ar arg_specs=(
        ':session:'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_sso_list() {
    local -i ret=1
    local -ar arg_specs=(
        ':session:'
        '--write-profiles[Add a profile to ~/.aws/config for each role no profile uses yet.]'
        '--no-prompt[Never ask a question; fail with a hint instead (for scripts and CI).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_vault_help() {
    local -i ret=1
    local -ar arg_specs=(
        '*:subcommands:'
        '--version[Show the version.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

if [[ "${funcstack[1]}" = _vault ]]; then
    _vault "${@}"
else
    compdef _vault vault
fi
