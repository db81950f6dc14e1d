package serve

import (
	"strings"
	"testing"
	"time"

	"charm.land/log/v2"

	"descent/ui"
)

// takeClass waits for the next ClassMsg the hub leaves for m.
func takeClass(t *testing.T, m *member) ui.ClassMsg {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case <-m.box.ready:
			if msg, ok := m.box.take(); ok {
				return msg
			}
		case <-deadline:
			t.Fatal("the hub sent no ClassMsg")
		}
	}
}

// A name typed on joining is taken once, even one that looks like a name
// the hub made unique ("team-3"): the student's later reports, which
// carry it again, rename nobody and log nothing.
func TestTypedNamesAreTakenOnce(t *testing.T) {
	lines := newLogLines()
	h := newHub(10, lines, log.New(lines))
	defer h.close()
	a, b := newMember("alice", "a"), newMember("alice", "b")
	h.send(joinMsg{a})
	h.send(joinMsg{b})
	if got := takeClass(t, a).Name; got != "alice" {
		t.Fatalf("first alice is %q", got)
	}
	if got := takeClass(t, b).Name; got != "alice-2" {
		t.Fatalf("second alice is %q, want alice-2", got)
	}
	report := h.reporter(b)
	report(ui.Report{Name: "team-3", Place: ui.PlaceView})
	if got := takeClass(t, b).Name; got != "team-3" {
		t.Fatalf("typed team-3, named %q", got)
	}
	for u := range 20 {
		report(ui.Report{Name: "team-3", Place: ui.PlaceView, HasRun: true, Updates: u + 1})
		time.Sleep(time.Millisecond)
	}
	// A typed name that is taken gets a number of its own.
	report2 := h.reporter(a)
	report2(ui.Report{Name: "team-3", Place: ui.PlaceView})
	if got := takeClass(t, a).Name; got != "team-3-2" {
		t.Fatalf("a second team-3 is %q, want team-3-2", got)
	}
	var renames []string
	for _, l := range lines.last(100) {
		if strings.Contains(l, "name") && strings.Contains(l, "was=") {
			renames = append(renames, l)
		}
	}
	if len(renames) != 2 {
		t.Errorf("%d renames logged, want 2 (team-3 and team-3-2):\n%s", len(renames), strings.Join(renames, "\n"))
	}
	select {
	case <-b.box.ready:
		if msg, ok := b.box.take(); ok {
			t.Errorf("reports with the same typed name sent b a ClassMsg again: %+v", msg.Name)
		}
	default:
	}
}
