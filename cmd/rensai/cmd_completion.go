package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/rensai-ssg/rensai/internal/spell"
)

// completionShells are the shells `rensai completion` writes a script for.
var completionShells = []string{"bash", "zsh", "fish"}

func runCompletion(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("completion", "completion bash|zsh|fish", stderr)
	if code := parseFlags(fs, args, stdout); code >= 0 {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, msg.T("completion.giveShell"))
		fs.Usage()
		return exitUsage
	}
	var script string
	switch shell := fs.Arg(0); shell {
	case "bash":
		script = bashCompletion()
	case "zsh":
		script = zshCompletion()
	case "fish":
		script = fishCompletion()
	default:
		fmt.Fprintln(stderr, msg.T("completion.unknownShell", shell))
		if s := spell.Suggest(shell, completionShells); s != "" {
			fmt.Fprintln(stderr, msg.T("main.didYouMean", s))
		}
		return exitUsage
	}
	io.WriteString(stdout, script)
	return exitOK
}

// completionWords lists, for each command path ("new post"), the words that
// may follow it: subcommands, then flags with two dashes. The flags come
// from each command's own flag set (flagsOf).
func completionWords() [][2]string {
	var out [][2]string
	out = append(out, [2]string{"", strings.Join(commandNames(), " ")})
	for _, c := range allCommands() {
		var words []string
		words = append(words, c.subs...)
		for _, f := range flagsOf([]string{c.name}) {
			words = append(words, "--"+f.name)
		}
		out = append(out, [2]string{c.name, strings.Join(words, " ")})
		if c.name == "completion" {
			continue // its subcommands are shells, without flags
		}
		for _, s := range c.subs {
			var fl []string
			for _, f := range flagsOf([]string{c.name, s}) {
				fl = append(fl, "--"+f.name)
			}
			out = append(out, [2]string{c.name + " " + s, strings.Join(fl, " ")})
		}
	}
	return out
}

func bashCompletion() string {
	var b strings.Builder
	b.WriteString("# bash completion for rensai: source <(rensai completion bash)\n")
	b.WriteString("_rensai() {\n\tlocal cur=${COMP_WORDS[COMP_CWORD]} p=\"\" i w\n")
	b.WriteString("\tfor ((i = 1; i < COMP_CWORD; i++)); do\n\t\tw=${COMP_WORDS[i]}\n")
	b.WriteString("\t\tcase $w in -*) ;; *) case \"${p:+$p }$w\" in")
	for _, e := range completionWords()[1:] {
		fmt.Fprintf(&b, " %q|", e[0])
	}
	b.WriteString(" __none) p=\"${p:+$p }$w\" ;; esac ;; esac\n\tdone\n")
	b.WriteString("\tlocal words\n\tcase $p in\n")
	for _, e := range completionWords() {
		fmt.Fprintf(&b, "\t%q) words=%q ;;\n", e[0], e[1])
	}
	b.WriteString("\tesac\n\tCOMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n}\ncomplete -o default -F _rensai rensai\n")
	return b.String()
}

func zshCompletion() string {
	var b strings.Builder
	b.WriteString("#compdef rensai\n# zsh completion for rensai: rensai completion zsh > \"${fpath[1]}/_rensai\"\n")
	b.WriteString("_rensai() {\n\tlocal p=\"\" w\n")
	b.WriteString("\tfor w in ${words[2,CURRENT-1]}; do\n\t\t[[ $w == -* ]] && continue\n\t\tcase \"${p:+$p }$w\" in")
	for _, e := range completionWords()[1:] {
		fmt.Fprintf(&b, " %q|", e[0])
	}
	b.WriteString(" __none) p=\"${p:+$p }$w\" ;; esac\n\tdone\n\tlocal -a cands\n\tcase $p in\n")
	for _, e := range completionWords() {
		fmt.Fprintf(&b, "\t%q) cands=(%s) ;;\n", e[0], e[1])
	}
	b.WriteString("\tesac\n\tcompadd -a cands\n\t[[ -n $p ]] && _files\n}\ncompdef _rensai rensai\n")
	return b.String()
}

func fishCompletion() string {
	var b strings.Builder
	b.WriteString("# fish completion for rensai: rensai completion fish > ~/.config/fish/completions/rensai.fish\n")
	b.WriteString("complete -c rensai -f -n '__fish_use_subcommand' -a '" + strings.Join(commandNames(), " ") + "'\n")
	for _, c := range allCommands() {
		cond := "__fish_seen_subcommand_from " + c.name
		if len(c.subs) > 0 {
			fmt.Fprintf(&b, "complete -c rensai -f -n '%s; and not __fish_seen_subcommand_from %s' -a '%s'\n",
				cond, strings.Join(c.subs, " "), strings.Join(c.subs, " "))
		}
		for _, f := range flagsOf([]string{c.name}) {
			fmt.Fprintf(&b, "complete -c rensai -n '%s' -l %s\n", cond, f.name)
		}
		if c.name == "completion" {
			continue
		}
		for _, s := range c.subs {
			for _, f := range flagsOf([]string{c.name, s}) {
				fmt.Fprintf(&b, "complete -c rensai -n '%s; and __fish_seen_subcommand_from %s' -l %s\n", cond, s, f.name)
			}
		}
	}
	return b.String()
}
