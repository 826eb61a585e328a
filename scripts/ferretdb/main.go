// Command ferretdb runs FerretDB v1 (SQLite backend) embedded in one small process, so that
// OneStop can run and test against a real MongoDB wire-protocol server where no mongod exists.
//
// It prints one JSON line {"uri": "..."} on stdout once it accepts connections, and exits when
// it receives SIGINT/SIGTERM or when its standard input closes: the parent Node process keeps a
// pipe open to it, so the database never outlives the app or the test run that started it.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	_ "modernc.org/sqlite"
)

func main() {
	dataDir := flag.String("data", "data/ferretdb", "directory holding the SQLite files")
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on (port 0 picks a free port)")
	watchStdin := flag.Bool("watch-stdin", true, "exit when standard input is closed")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()

	if err := run(*dataDir, *listen, *watchStdin, *logLevel); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}
}

func run(dataDir, listen string, watchStdin bool, logLevel string) error {
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return err
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("bad -log-level: %w", err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if watchStdin {
		go func() {
			// io.Copy returns when the parent closes the pipe or dies.
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
	})
	if err != nil {
		return err
	}

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	go indexIDLookups(ctx, abs, logger)

	line, _ := json.Marshal(map[string]string{"uri": f.MongoDBURI()})
	fmt.Println(string(line))

	return <-done
}

// indexIDLookups gives every collection table an index FerretDB's own `_id` lookups can use.
//
// FerretDB v1.24 creates each collection's unique `_id_` index on the expression
// `_ferretdb_sjson->"_id"` but looks documents up by `_ferretdb_sjson->'$._id'`; SQLite does not
// treat the two expressions as the same, so every find by `_id` (findById, updates and deletes of
// one record) read the whole table: about a second for 10,000 services. An index on the
// expression the lookups use makes them index searches. FerretDB's own metadata does not list
// it (listIndexes is unchanged) and dropping a collection drops it with the table. Tables created
// later (a new collection, a test database) get theirs on the next pass, every two seconds.
func indexIDLookups(ctx context.Context, dataDir string, logger *slog.Logger) {
	ticker := time.NewTicker(2 * time.Second)
	defer ticker.Stop()

	for {
		files, _ := filepath.Glob(filepath.Join(dataDir, "*.sqlite"))
		for _, file := range files {
			if err := indexIDLookupsIn(ctx, file); err != nil {
				logger.Debug("_id lookup index", "file", file, "error", err)
			}
		}

		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

func indexIDLookupsIn(ctx context.Context, file string) error {
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return err
	}
	defer db.Close()

	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master
		WHERE type = 'table' AND name NOT LIKE '\_ferretdb\_%' ESCAPE '\'
		AND name || '__id_lookup' NOT IN (SELECT name FROM sqlite_master WHERE type = 'index')`)
	if err != nil {
		return err
	}

	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, name)
	}
	rows.Close()

	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, table+"__id_lookup", table)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}

	return nil
}
