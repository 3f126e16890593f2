package paging_test

import (
	"context"
	"fmt"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/internal/paging"
)

// A server whose next link points back at the page it is on.
func ExampleWalker() {
	ctx := context.Background()
	walk := paging.New(unified.Vendor("okta"), "ListRefreshTokens", paging.Limits{}, "")
	for {
		items, next := 20, "/api/v1/apps/0oa1/tokens?after=x" // always the same
		walk.Saw("/api/v1/apps/0oa1/tokens?after=x")
		if err := walk.Page(ctx, items); err != nil {
			fmt.Println(err)
			return
		}
		if err := walk.Next(ctx, next, items, next != ""); err != nil {
			fmt.Println(err)
			return
		}
	}
	// Output:
	// credkit: okta ListRefreshTokens: Internal: paging stopped: page 1 points to a page already fetched: the vendor's paging loops
}
