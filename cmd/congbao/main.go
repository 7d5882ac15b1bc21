// Command congbao is the database of Vietnam's legal documents and its
// official gazette (Công báo): it ingests, searches, resolves citations and
// serves them.
//
// Usage:
//
//	congbao [--data DIR] COMMAND [flags] [args]
//
// Run "congbao help" for the commands. Only this package reads flags, the
// environment and files; the packages it wires get plain fields.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// env is what every subcommand gets: the data folder and the standard streams.
type env struct {
	dataDir string
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
}

func (e *env) dbPath() string        { return filepath.Join(e.dataDir, "congbao.db") }
func (e *env) originalsPath() string { return filepath.Join(e.dataDir, "originals") }

// command is one subcommand: one file, one flag.FlagSet, one usage text.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "serve the JSON API and pages over HTTP", runServe},
		{"number", "parse and normalise document numbers", runNumber},
		{"extract", "print the text of each page of a PDF", runExtract},
		{"ingest", "ingest PDF files and folders", runIngest},
		{"import", "import source records (vbpl.vn, law texts) as JSON Lines", runImport},
		{"export", "print every document as JSON Lines", runExport},
		{"sync", "pull another congbao's published documents from its change feed", runSync},
		{"publish", "publish drafts and revisions after review", runPublish},
		{"search", "search the documents", runSearch},
		{"resolve", "find the citations in a text and look them up", runResolve},
		{"text", "print a document's text in force at a date, with its amendments", runText},
		{"reindex", "rebuild the search index from the database", runReindex},
		{"check", "compare the search index with the database", runCheck},
		{"eval", "measure search quality on a question set, beside SQLite FTS5", runEval},
		{"bench", "measure speed and memory against peers, in one run", runBench},
		{"backup", "copy the database and originals while the server runs", runBackup},
		{"restore", "restore a backup into an empty data folder", runRestore},
		{"token", "create, revoke and list the tokens of clerks and admins", runToken},
		{"version", "print the version", runVersion},
	}
}

// usageError marks a mistake in the command line (exit status 2).
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

const defaultData = "./congbao-data"

// Main runs congbao with args (without the program name) and returns the
// exit status: 0 on success, 1 on failure, 2 on a usage error.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	fs := flag.NewFlagSet("congbao", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&e.dataDir, "data", dataDefault(), "data folder: database, originals and index (env CONGBAO_DATA)")
	fs.Usage = func() { printUsage(stderr, fs) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	rest := fs.Args()
	if len(rest) == 0 || rest[0] == "help" {
		printUsage(stderr, fs)
		if len(rest) == 0 {
			return 2
		}
		return 0
	}
	all := append(commands(), command{name: workerName, run: runWorker}) // hidden: the extraction child
	for _, c := range all {
		if c.name != rest[0] {
			continue
		}
		err := c.run(ctx, e, rest[1:])
		var ue usageError
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "congbao %s: %v\n", c.name, err)
			return 2
		case errors.Is(err, errFlag):
			return 2
		default:
			fmt.Fprintf(stderr, "congbao %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "congbao: unknown command %q; run \"congbao help\"\n", rest[0])
	return 2
}

func dataDefault() string {
	if v := os.Getenv("CONGBAO_DATA"); v != "" {
		return v
	}
	return defaultData
}

func printUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: congbao [--data DIR] COMMAND [flags] [args]\n\ncommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nglobal flags:\n")
	fs.PrintDefaults()
	fmt.Fprintf(w, "\nRun \"congbao COMMAND -h\" for a command's flags.\n")
}

// errFlag is returned when a subcommand's flags did not parse; the flag
// package has already printed the reason and the usage.
var errFlag = errors.New("bad flags")

// newFlagSet makes a subcommand's flag set with its usage text. Commands
// that read or write the data folder add --data with dataFlag.
func newFlagSet(e *env, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("congbao "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprint(e.stderr, usage)
		fmt.Fprintln(e.stderr, "\nflags:")
		fs.PrintDefaults()
	}
	return fs
}

// dataFlag lets a command that uses the data folder take --data after its
// name as well as before it.
func (e *env) dataFlag(fs *flag.FlagSet) {
	fs.StringVar(&e.dataDir, "data", e.dataDir, "data folder (env CONGBAO_DATA)")
}

// parseFlags parses a subcommand's flags, mapping failures to errFlag.
// Flags may come before, between or after the arguments ("search x
// --limit 2"); "--" ends the flags, so an argument that starts with "-"
// (an exclusion in a query) goes after it. An unknown flag is refused by
// name, never taken as an argument.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var positional []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return errFlag
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			positional = append(positional, rest...) // after "--": all arguments
			break
		}
		if len(rest) == 0 {
			break
		}
		positional, args = append(positional, rest[0]), rest[1:]
	}
	// leave the arguments where fs.Args() finds them
	return fs.Parse(append([]string{"--"}, positional...))
}
