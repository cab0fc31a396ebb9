package storetest

import (
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/store/sqlstore"
)

func testAccounts(t *testing.T, open func(t *testing.T) *sqlstore.DB) {
	_ = open
}
