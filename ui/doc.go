// Package ui is descent's terminal interface: the interactive view of
// gradient descent (the loss curve with the current weight on it, the
// receipt of the last update, the keys to step, undo, play and change α or
// the start), the comparison of learning rates, the α sweep and the
// guided lesson.
//
// Usage:
//
//	m := ui.New(ui.Options{Config: engine.Lecture(), Data: hours})
//	final, err := tea.NewProgram(m).Run()
//	// final.(ui.Model).Run() is where the run ended;
//	// final.(ui.Model).Summary() says so in a line, in the view's language.
//
//	tea.NewProgram(ui.NewLesson(ui.Korean, 0, 0)).Run() // the lesson
//	fmt.Println(ui.Snapshot(opts, 3, 80, 24))           // one frame as text
//	fmt.Println(ui.SnapshotLesson(ui.Korean, 6, 80, 24)) // a lesson page as text
//
// # Where things live
//
// Model (root.go) is the root: it keeps the frame's size, the styles and
// the help bar, answers the global keys (q; in the run screens ?, c and
// v, which switch screens, and esc back to the lesson) and routes every
// other message to the screen shown. Each screen is one type in its own
// file, with its own update, view, keys and help:
//
//   - single.go: the single view, one run (singleView);
//   - compare.go: the compare view, 2 to 6 runs (compareView);
//   - sweep.go: the α sweep (sweepView);
//   - lesson.go: the guided lesson, nine pages (lessonView), its words in
//     lessontext.go.
//
// The three run screens share a lab (lab.go): the runs, the data, the
// chosen parameter, autoplay (autoplay.go), the entry line for typed
// values (entry.go), and the keys they all answer alike. A key's
// behaviour is in the file of the screen it belongs to, in lab.go when
// every run screen shares it, or in root.go when it switches screens.
//
// Screens switch through messages: the root sends shownMsg or
// openCompareMsg to the screen it shows, and the lesson asks for the view
// with openViewMsg; esc in a view opened so goes back to the page.
//
// Slow work — on more than engine.ExactRows rows the first analysis, a
// new optimizer, mode or dataset, the compare table's counts, the sweep —
// runs in a tea.Cmd with a spinner (work.go), so that every key, q above
// all, is answered at once; on small data the same work is done in Update.
//
// The pictures are drawn by renderers, functions of state that any screen
// calls: curve.go (the loss curve with its markers: the tangent, the next
// step on the w axis, a slice's own bottom), window.go (the range of w a
// curve shows, which follows a diverging w), receipt.go, losschart.go
// (loss against update), fit.go (the data and the model's line, key f),
// contour.go, panels.go (settings and analysis), status.go (the header,
// with the one state, and the status lines), explain.go (the line that
// says why an α diverges, why a run stalled, cycles or swings).
// textfit.go fits a line to a width without cutting a number or a word:
// fewer digits first, then whole fields go. axes.go picks the round ticks of
// every axis. canvas.go is the only file that knows how asciigraph lays
// out its charts; descent draws the x axes itself. layout.go holds the
// size-dependent layout, computed once per size change, and each screen's
// frame function places its panels from it, for drawing and for clicks
// alike. common.go holds what every screen reads: the layout, the styles
// (styles.go) and the language (i18n.go); format.go formats numbers.
//
// Every string a user sees goes through the catalog: c.tr("English") or
// c.trf("format %s", …) looks it up in catalog.go, whose Korean the test
// TestEveryStringHasItsKorean demands for every string the code passes;
// key descriptions go through keysIn. The lesson's narration is in
// lessontext.go.
//
// # In a classroom
//
// Under `descent serve` a student's view is made by NewStudent and the
// teacher's console by NewConsole. class.go holds what they exchange with
// the server (a student's Report, the teacher's ClassMsg and Command, the
// RosterMsg) and the classroom's part of Update: applying a push or a
// lesson page, the lock (the lab's setters refuse a change while it is
// on), and mirroring the teacher's run update by update while following
// it. Two more screens: join.go asks a student's name on joining;
// console.go is the teacher's console, with the class on one picture
// drawn by classpic.go.
package ui
