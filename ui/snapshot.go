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
