// Command congbao is the database of Vietnam's legal documents and its
// official gazette: one binary with subcommands (serve, ingest, import,
// search, resolve, number, extract, publish, reindex, check, backup,
// restore, token, bench, eval, export, version). This package reads flags
// and wires the packages together; it holds no library code
// (docs/ARCHITECTURE.md).
package main
