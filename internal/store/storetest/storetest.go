// Package storetest is the contract every database implementation of the
// module stores must pass: the same tests run against SQLite and PostgreSQL.
package storetest

import (
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

// Run runs the contract against databases made by open (a fresh, migrated
// database for each call).
func Run(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	t.Run("Catalogue", func(t *testing.T) { testCatalogue(t, open) })
	t.Run("Accounts", func(t *testing.T) { testAccounts(t, open) })
}
