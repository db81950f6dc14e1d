package ui

// Snapshot renders the view for o after steps updates at width×height, as
// `descent snapshot` prints it. The text carries styles; strip them with
// ansi.Strip for plain text.
func Snapshot(o Options, steps, width, height int) string {
	o.Width, o.Height = width, height
	m := New(o)
	m.ready()
	m.advance(steps)
	return m.Render()
}

// LessonPages is how many pages the lesson has.
const LessonPages = lessonPages

// SnapshotLesson renders page (1…LessonPages) of the lesson in lang at
// width×height, as `descent snapshot --lesson` prints it for a handout:
// the page with its widget acted on — the question asked, the derivative
// written out in full, one update, one epoch, and so on. The text carries
// styles; strip them with ansi.Strip for plain text.
func SnapshotLesson(lang Lang, page, width, height int) string {
	m := NewLesson(lang, width, height)
	m.lesson.page = min(max(page, 1), lessonPages) - 1
	m.lesson.act()
	if m.lesson.page == 4 { // the derivative: every line
		for range 3 {
			m.lesson.act()
		}
	}
	return m.Render()
}
