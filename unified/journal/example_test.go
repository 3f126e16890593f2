package journal_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/credkit/credkit/unified/journal"
)

// The intent of a step is recorded before the request that makes it
// effective, and the outcome after; a later process reads both.
func ExampleOpen() {
	dir, _ := os.MkdirTemp("", "journal")
	defer os.RemoveAll(dir) //nolint:errcheck // a temporary directory of the example
	path := filepath.Join(dir, "rotations.json")

	j, err := journal.Open(context.Background(), path, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	key := journal.Key{Vendor: "okta", ClientID: "0oa1"}
	_ = j.Put(journal.Record{Key: key, Step: "begin-intent", Data: json.RawMessage(`{"old":"sec1"}`)})
	// ... the request that begins the rotation ...
	_ = j.Put(journal.Record{Key: key, Step: "begun", Data: json.RawMessage(`{"old":"sec1","new":"sec2"}`)})
	_ = j.Close()

	j, _ = journal.Open(context.Background(), path, nil)
	defer j.Close() //nolint:errcheck // at exit there is nothing left to do about an error
	for _, r := range j.Records() {
		fmt.Println(r.Key, r.Step, string(r.Data))
	}
	// Output:
	// okta/0oa1 begun {"old":"sec1","new":"sec2"}
}
