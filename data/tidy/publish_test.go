package tidy

import (
	"os"
	"path/filepath"
	"testing"
)

// A previous manifest.json is read to remove the previous run's files, but
// no entry of it can remove anything outside the output folder, nor the
// staging folder of the run being published.
func TestPublishStaysInside(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	victim := filepath.Join(dir, "victim.csv")
	if err := os.WriteFile(victim, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	stage, err := Stage(out)
	if err != nil {
		t.Fatal(err)
	}
	hostile := `{"tool": "eventstudy", "outputs": [{"path": "../victim.csv"}, {"path": "` + victim + `"},
		{"path": ".eventstudy-staging/new.csv"}, "../", "old.csv"]}`
	os.WriteFile(filepath.Join(out, ManifestFile), []byte(hostile), 0o644)
	os.WriteFile(filepath.Join(out, "old.csv"), []byte("previous run"), 0o644)
	os.WriteFile(filepath.Join(stage, "new.csv"), []byte("this run"), 0o644)
	m := NewManifest()
	if err := Publish(out, m); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(victim); err != nil || string(b) != "keep" {
		t.Errorf("a file outside the output folder was touched: %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(out, "old.csv")); !os.IsNotExist(err) {
		t.Errorf("old.csv of the previous run survived: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(out, "new.csv")); err != nil || string(b) != "this run" {
		t.Errorf("new.csv = %q, %v", b, err)
	}
	if len(m.Outputs) != 1 || m.Outputs[0].Path != "new.csv" || m.Outputs[0].SHA256 != HashBytes([]byte("this run")) {
		t.Errorf("outputs = %+v", m.Outputs)
	}
	if _, err := os.Stat(stage); !os.IsNotExist(err) {
		t.Errorf("staging folder left: %v", err)
	}
}
