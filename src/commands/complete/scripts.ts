// The completion scripts `hyperdrive complete bash|zsh|fish` prints. Each one hands the words typed so far to
// `hyperdrive complete -- <words…>` (answer.ts) and turns its answer (`value<TAB>description` lines, then
// `:<directive>`: 0 file names, 4 no file names, 16 folder names) into the shell's completions.
//
// The texts are String.raw templates, so backslashes are the shell's own; `$\{` stands for the shell's `${`.

import type { SHELLS } from "../specs/complete";

export type Shell = (typeof SHELLS)[number];

const shell = (text: string) => text.replaceAll("$\\{", "${").replace(/^\n/, "");

const BASH = shell(String.raw`
# bash completion for hyperdrive, printed by 'hyperdrive complete bash'.
#
# Install:  hyperdrive complete bash >> ~/.bashrc                      (then open a new shell)
#   or, with the bash-completion package:
#           hyperdrive complete bash > ~/.local/share/bash-completion/completions/hyperdrive
#
# Each Tab runs 'hyperdrive complete -- <words…>', which answers from the command specs and from a short-lived cache
# of config names written by 'hyperdrive list' and 'get': it never calls the network.

_hyperdrive_complete() {
    local cur=$\{COMP_WORDS[COMP_CWORD]} line=$\{COMP_LINE:0:COMP_POINT} rest word prev= i
    local -a words=()
    # bash splits a word at = and : (COMP_WORDBREAKS): --sslmode=ver is three words. Put the pieces that touch in
    # the command line back together.
    for ((i = 0; i <= COMP_CWORD; i++)); do
        word=$\{COMP_WORDS[i]}
        rest=$\{line#"$\{line%%[![:space:]]*}"}
        if ((i > 1)) && [[ $rest == "$line" ]] && [[ $word =~ ^[=:]+$ || $prev =~ ^[=:]+$ ]]; then
            words[$\{#words[@]}-1]+=$word
        elif ((i > 0)); then
            words+=("$word")
        fi
        line=$\{rest:$\{#word}}
        prev=$word
    done
    ((COMP_CWORD > 0)) || return 0

    local out directive
    out=$(command hyperdrive complete -- "$\{words[@]}" 2>/dev/null) || return 0
    directive=$\{out##*$'\n'}
    [[ $directive == :* ]] || return 0
    directive=$\{directive#:}
    if [[ $out == *$'\n'* ]]; then out=$\{out%$'\n'*}; else out=; fi

    case $directive in
        0) COMPREPLY=(); return 0 ;;                                                  # file names (-o default)
        16) compopt +o default -o dirnames 2>/dev/null; COMPREPLY=(); return 0 ;;    # folder names
    esac
    compopt +o default 2>/dev/null

    # readline replaces only what follows the last = or : of the word; the answer holds the whole word.
    [[ $cur =~ ^[=:]+$ ]] && cur=
    local typed=$\{words[$\{#words[@]}-1]}
    local skip=$(($\{#typed} - $\{#cur}))
    COMPREPLY=()
    while IFS= read -r line; do
        [[ -n $line ]] && COMPREPLY+=("$\{line%%$'\t'*}")
    done <<<"$out"
    if ((skip > 0)); then
        for i in "$\{!COMPREPLY[@]}"; do COMPREPLY[i]=$\{COMPREPLY[i]:skip}; done
    fi
    return 0
}

complete -o default -F _hyperdrive_complete hyperdrive
`);

const ZSH = shell(String.raw`
#compdef hyperdrive
# zsh completion for hyperdrive, printed by 'hyperdrive complete zsh'.
#
# Install:  hyperdrive complete zsh > "$\{fpath[1]}/_hyperdrive"          (then open a new shell)
#   or, in ~/.zshrc after compinit:
#           source <(hyperdrive complete zsh)
#
# Each Tab runs 'hyperdrive complete -- <words…>', which answers from the command specs and from a short-lived cache
# of config names written by 'hyperdrive list' and 'get': it never calls the network.

_hyperdrive() {
    local out directive line value description
    local -a lines candidates
    out=$(command hyperdrive complete -- "$\{(@Q)words[2,CURRENT-1]}" "$\{(Q)PREFIX}" 2>/dev/null) || return 1
    lines=("$\{(@f)out}")
    directive=$\{lines[-1]}
    [[ $directive == :* ]] || return 1
    directive=$\{directive#:}
    lines=("$\{(@)lines[1,-2]}")

    if [[ $directive == 0 || $directive == 16 ]]; then
        [[ $PREFIX == -*=* ]] && compset -P '*='
        if [[ $directive == 16 ]]; then _files -/; else _files; fi
        return
    fi
    for line in "$\{lines[@]}"; do
        [[ -n $line ]] || continue
        value=$\{line%%$'\t'*}
        description=
        [[ $line == *$'\t'* ]] && description=$\{line#*$'\t'}
        candidates+=("$\{value//:/\\:}$\{description:+:$description}")
    done
    (($\{#candidates})) || return 1
    _describe -t hyperdrive-candidates 'hyperdrive' candidates
}

if [[ $\{zsh_eval_context[-1]} == loadautofunc ]]; then
    _hyperdrive "$@"
else
    compdef _hyperdrive hyperdrive
fi
`);

const FISH = shell(String.raw`
# fish completion for hyperdrive, printed by 'hyperdrive complete fish'.
#
# Install:  hyperdrive complete fish > ~/.config/fish/completions/hyperdrive.fish
#
# Each Tab runs 'hyperdrive complete -- <words…>', which answers from the command specs and from a short-lived cache
# of config names written by 'hyperdrive list' and 'get': it never calls the network.

function __hyperdrive_complete
    set -l words (commandline -opc)
    set -e words[1]
    set -l current (commandline -ct)
    set -l out (command hyperdrive complete -- $words $current 2>/dev/null)
    or return
    test (count $out) -gt 0; or return
    set -l directive (string replace -r -- '^:' '' $out[-1])
    set -e out[-1]
    switch $directive
        case 0 16
            # A file flag: paths, after --flag= when the value is written that way.
            set -l prefix (string match -r -- '^-[^=]*=' $current)
            set -l typed (string replace -r -- '^-[^=]*=' '' $current)
            if test $directive = 16
                for path in (__fish_complete_directories $typed '')
                    printf '%s%s\n' "$prefix" (string replace -r -- '\t.*' '' $path)
                end
            else
                for path in (__fish_complete_path $typed '')
                    printf '%s%s\n' "$prefix" (string replace -r -- '\t.*' '' $path)
                end
            end
        case '*'
            printf '%s\n' $out
    end
end

complete -c hyperdrive -f -a '(__hyperdrive_complete)'
`);

export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH }[shell];
}
