package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"congbao/gazette"
)

const tokenUsage = `usage: congbao token create [--data DIR] --role clerk|admin|agency --name NAME [--issuer CODE]...
       congbao token revoke [--data DIR] NAME
       congbao token list [--data DIR]

Manages the tokens clerks and admins send to the server (Authorization:
Bearer TOKEN, or typed into the sign-in page). "create" prints the token
once: only its hash is stored. "revoke" ends a token at once. An agency
token (a ministry's or a province's portal pushing its own documents)
names the issuer codes of the numbers it publishes (--issuer BTC, repeatable):
it may upload, and publish only documents whose number and issuing body are
those; anything else is refused with the reason.
`

func runToken(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"want an action: create, revoke or list\n\n" + tokenUsage}
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(e.stderr, tokenUsage)
		return nil
	case "create":
		fs := newFlagSet(e, "token create", tokenUsage)
		e.dataFlag(fs)
		role := fs.String("role", "", "clerk, admin or agency")
		name := fs.String("name", "", "who holds the token (kept in the audit log)")
		var issuers stringList
		fs.Var(&issuers, "issuer", "an agency's issuer code, as in its numbers (BTC, UBND; repeatable)")
		db, err := e.storeCommand(ctx, fs, args[1:])
		if err != nil {
			return err
		}
		defer db.Close()
		r, ok := gazette.ParseRole(*role)
		if !ok {
			return usageError{fmt.Sprintf("--role %q: want clerk, admin or agency", *role)}
		}
		if *name == "" {
			return usageError{"--name is required"}
		}
		value, t, err := db.CreateToken(ctx, "cli", *name, r, issuers...)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, value)
		fmt.Fprintf(e.stderr, "congbao token: created %s token %q (id %d); it is shown only now\n", t.Role, t.Name, t.ID)
		return nil
	case "revoke":
		fs := newFlagSet(e, "token revoke", tokenUsage)
		e.dataFlag(fs)
		if err := parseFlags(fs, args[1:]); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			return usageError{"token revoke: want one token name"}
		}
		db, err := e.openStore(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := db.RevokeToken(ctx, "cli", fs.Arg(0)); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "congbao token: revoked %q\n", fs.Arg(0))
		return nil
	case "list":
		fs := newFlagSet(e, "token list", tokenUsage)
		e.dataFlag(fs)
		db, err := e.storeCommand(ctx, fs, args[1:])
		if err != nil {
			return err
		}
		defer db.Close()
		ts, err := db.Tokens(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tNAME\tROLE\tISSUERS\tCREATED\tREVOKED")
		for _, t := range ts {
			rev := ""
			if t.RevokedAt != nil {
				rev = t.RevokedAt.Format(time.DateTime)
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Role, strings.Join(t.Issuers, ","), t.CreatedAt.Format(time.DateTime), rev)
		}
		return w.Flush()
	}
	return usageError{fmt.Sprintf("unknown action %q: want create, revoke or list\n\n%s", args[0], tokenUsage)}
}
