package api

import (
	"net/http/httptest"
	"testing"
)

// Test files are neither entrypoints nor part of the build.
func TestPlatform(t *testing.T) {
	rec := httptest.NewRecorder()
	Platform(rec, httptest.NewRequest("GET", "/api/platform", nil))
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
}
