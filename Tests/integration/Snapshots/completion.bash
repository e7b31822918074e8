#!/bin/bash

__vault_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__vault_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__vault_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__vault_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_vault() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __vault_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    add|list|remove|rotate|accept-file|unlock|lock|protect|passwd|assume|exec|clear|status|deactivate-admin-keys|activate-admin-keys|init|setup|create-mfa-device|doctor|config|console|login|sso|help)
        # Offer subcommand argument completions
        "_vault_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'add list remove rotate accept-file unlock lock protect passwd assume exec clear status deactivate-admin-keys activate-admin-keys init setup create-mfa-device doctor config console login sso help' -- "${cur}"))
        ;;
    esac
}

_vault_add() {
    repeating_flags=()
    non_repeating_flags=(--env --import --all --remove-plaintext --force --no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--protector)
    __vault_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--protector')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __vault_add_completions -W "$(__vault_custom_complete ---completion add -- positional@0 "${COMP_CWORD}" "$(__vault_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_vault_list() {
    repeating_flags=()
    non_repeating_flags=(--json --no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--protector)
    __vault_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--protector')
        return
        ;;
    esac
}

_vault_remove() {
    repeating_flags=()
    non_repeating_flags=(--force --no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--protector)
    __vault_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--protector')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __vault_add_completions -W "$(__vault_custom_complete ---completion remove -- positional@0 "${COMP_CWORD}" "$(__vault_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_vault_rotate() {
    repeating_flags=()
    non_repeating_flags=(--keep-old-inactive --yes --no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--using --mfa-code --protector)
    __vault_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--using')
        __vault_add_completions -W "$(__vault_custom_complete ---completion rotate -- --using "${COMP_CWORD}" "$(__vault_cursor_index_in_current_word)")"
        return
        ;;
    '--mfa-code')
        return
        ;;
    '--protector')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __vault_add_completions -W "$(__vault_custom_complete ---completion rotate -- positional@0 "${COMP_CWORD}" "$(__vault_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_vault_accept-file() {
    repeating_flags=()
    non_repeating_flags=(--yes --no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--protector)
    __vault_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--protector')
        return
        ;;
    esac
}

_vault_unlock() {
    repeating_flags=()
    non_repeating_flags=(--no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--for --protector)
    __vault_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--for')
        return
        ;;
    '--protector')
        return
        ;;
    esac
}

_vault_lock() {
    repeating_flags=()
    non_repeating_flags=(--no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--protector)
    __vault_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--protector')
        return
        ;;
    esac
}

_vault_protect() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __vault_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|add|remove)
        # Offer subcommand argument completions
        "_vault_protect_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list add remove' -- "${cur}"))
        ;;
    esac
}

_vault_protect_list() {
    repeating_flags=()
    non_repeating_flags=(--json --no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--protector)
    __vault_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--protector')
        return
        ;;
    esac
}

_vault_protect_add() {
    repeating_flags=()
    non_repeating_flags=(--pin --no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--pcrs --protector)
    __vault_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--pcrs')
        return
        ;;
    '--protector')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __vault_add_completions -W 'passphrase'$'\n''secret-service'$'\n''tpm2'$'\n''recovery'
        return
        ;;
    esac
}

_vault_protect_remove() {
    repeating_flags=()
    non_repeating_flags=(--force --no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--protector)
    __vault_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--protector')
        return
        ;;
    esac
}

_vault_passwd() {
    repeating_flags=()
    non_repeating_flags=(--no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--protector)
    __vault_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--protector')
        return
        ;;
    esac
}

_vault_assume() {
    repeating_flags=()
    non_repeating_flags=(--refresh --no-mfa-session --no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--duration --region --mfa-code --format --protector)
    __vault_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--duration')
        return
        ;;
    '--region')
        return
        ;;
    '--mfa-code')
        return
        ;;
    '--format')
        return
        ;;
    '--protector')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __vault_add_completions -W "$(__vault_custom_complete ---completion assume -- positional@0 "${COMP_CWORD}" "$(__vault_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_vault_exec() {
    repeating_flags=()
    non_repeating_flags=(--refresh --no-mfa-session --force --server --deactivate-after --no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--duration --region --mfa-code --using --protector)
    __vault_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--duration')
        return
        ;;
    '--region')
        return
        ;;
    '--mfa-code')
        return
        ;;
    '--using')
        __vault_add_completions -W "$(__vault_custom_complete ---completion exec -- --using "${COMP_CWORD}" "$(__vault_cursor_index_in_current_word)")"
        return
        ;;
    '--protector')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __vault_add_completions -W "$(__vault_custom_complete ---completion exec -- positional@0 "${COMP_CWORD}" "$(__vault_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_vault_clear() {
    repeating_flags=()
    non_repeating_flags=(--no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--protector)
    __vault_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--protector')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __vault_add_completions -W "$(__vault_custom_complete ---completion clear -- positional@0 "${COMP_CWORD}" "$(__vault_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_vault_status() {
    repeating_flags=()
    non_repeating_flags=(--json --prompt --no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--protector)
    __vault_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--protector')
        return
        ;;
    esac
}

_vault_deactivate-admin-keys() {
    repeating_flags=()
    non_repeating_flags=(--dry-run --no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --protector)
    __vault_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        __vault_add_completions -W "$(__vault_custom_complete ---completion deactivate-admin-keys -- --profile "${COMP_CWORD}" "$(__vault_cursor_index_in_current_word)")"
        return
        ;;
    '--protector')
        return
        ;;
    esac
}

_vault_activate-admin-keys() {
    repeating_flags=()
    non_repeating_flags=(--no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --using --protector)
    __vault_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        __vault_add_completions -W "$(__vault_custom_complete ---completion activate-admin-keys -- --profile "${COMP_CWORD}" "$(__vault_cursor_index_in_current_word)")"
        return
        ;;
    '--using')
        __vault_add_completions -W "$(__vault_custom_complete ---completion activate-admin-keys -- --using "${COMP_CWORD}" "$(__vault_cursor_index_in_current_word)")"
        return
        ;;
    '--protector')
        return
        ;;
    esac
}

_vault_init() {
    repeating_flags=()
    non_repeating_flags=(--pin --no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--protect --pcrs --backend --protector)
    __vault_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--protect')
        __vault_add_completions -W 'passphrase'$'\n''secret-service'$'\n''tpm2'$'\n''recovery'
        return
        ;;
    '--pcrs')
        return
        ;;
    '--backend')
        return
        ;;
    '--protector')
        return
        ;;
    esac
}

_vault_setup() {
    repeating_flags=()
    non_repeating_flags=(--create-mfa --show-secret --dry-run --update --verify --no-prompt --version -h --help)
    repeating_options=(--policy-arn --trust)
    non_repeating_options=(--role-name --mfa-serial --profile --source-profile --using --max-session-duration --region --mfa-code --protector)
    __vault_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--role-name')
        return
        ;;
    '--mfa-serial')
        return
        ;;
    '--profile')
        return
        ;;
    '--source-profile')
        __vault_add_completions -W "$(__vault_custom_complete ---completion setup -- --source-profile "${COMP_CWORD}" "$(__vault_cursor_index_in_current_word)")"
        return
        ;;
    '--using')
        __vault_add_completions -W "$(__vault_custom_complete ---completion setup -- --using "${COMP_CWORD}" "$(__vault_cursor_index_in_current_word)")"
        return
        ;;
    '--policy-arn')
        return
        ;;
    '--max-session-duration')
        return
        ;;
    '--trust')
        return
        ;;
    '--region')
        return
        ;;
    '--mfa-code')
        return
        ;;
    '--protector')
        return
        ;;
    esac
}

_vault_create-mfa-device() {
    repeating_flags=()
    non_repeating_flags=(--show-secret --no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --user --using --device-name --config-profile --protector)
    __vault_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        __vault_add_completions -W "$(__vault_custom_complete ---completion create-mfa-device -- --profile "${COMP_CWORD}" "$(__vault_cursor_index_in_current_word)")"
        return
        ;;
    '--user')
        return
        ;;
    '--using')
        __vault_add_completions -W "$(__vault_custom_complete ---completion create-mfa-device -- --using "${COMP_CWORD}" "$(__vault_cursor_index_in_current_word)")"
        return
        ;;
    '--device-name')
        return
        ;;
    '--config-profile')
        return
        ;;
    '--protector')
        return
        ;;
    esac
}

_vault_doctor() {
    repeating_flags=()
    non_repeating_flags=(--json --no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--profile --using --protector)
    __vault_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        __vault_add_completions -W "$(__vault_custom_complete ---completion doctor -- --profile "${COMP_CWORD}" "$(__vault_cursor_index_in_current_word)")"
        return
        ;;
    '--using')
        __vault_add_completions -W "$(__vault_custom_complete ---completion doctor -- --using "${COMP_CWORD}" "$(__vault_cursor_index_in_current_word)")"
        return
        ;;
    '--protector')
        return
        ;;
    esac
}

_vault_config() {
    repeating_flags=()
    non_repeating_flags=(--unset --no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--protector)
    __vault_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--protector')
        return
        ;;
    esac
}

_vault_console() {
    repeating_flags=()
    non_repeating_flags=(--open --no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--display-name --color --path --region --protector)
    __vault_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--display-name')
        return
        ;;
    '--color')
        return
        ;;
    '--path')
        return
        ;;
    '--region')
        return
        ;;
    '--protector')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __vault_add_completions -W "$(__vault_custom_complete ---completion console -- positional@0 "${COMP_CWORD}" "$(__vault_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_vault_login() {
    repeating_flags=()
    non_repeating_flags=(--refresh --no-mfa-session --open --no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--duration --region --mfa-code --path --protector)
    __vault_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--duration')
        return
        ;;
    '--region')
        return
        ;;
    '--mfa-code')
        return
        ;;
    '--path')
        return
        ;;
    '--protector')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __vault_add_completions -W "$(__vault_custom_complete ---completion login -- positional@0 "${COMP_CWORD}" "$(__vault_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_vault_sso() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __vault_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    login|logout|list)
        # Offer subcommand argument completions
        "_vault_sso_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'login logout list' -- "${cur}"))
        ;;
    esac
}

_vault_sso_login() {
    repeating_flags=()
    non_repeating_flags=(--open --share --import --no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=(--file)
    __vault_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--file')
        return
        ;;
    esac
}

_vault_sso_logout() {
    repeating_flags=()
    non_repeating_flags=(--no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __vault_offer_flags_options 1
}

_vault_sso_list() {
    repeating_flags=()
    non_repeating_flags=(--write-profiles --no-prompt --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __vault_offer_flags_options 1
}

_vault_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __vault_offer_flags_options -1
}

complete -o filenames -F _vault vault
