package serve

import (
	"io"
	"reflect"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Bounds on a session's input. A person types, clicks and scrolls far
// below them; a client streaming input is slowed to them.
const (
	// flushEvery is how many bytes of input may arrive without a pause
	// of flushPause before the guard makes one.
	flushEvery = 4 << 10
	// flushPause exceeds the input decoder's escape timeout (50 ms), so
	// that it gives up on an unfinished sequence.
	flushPause = 100 * time.Millisecond
	// inputRate and inputBurst bound the input events (keys, mouse,
	// pastes) a view handles per second; Bubble Tea draws the whole view
	// after each one.
	inputRate  = 60
	inputBurst = 120
)

// pasteEnd is the end marker of a bracketed paste.
const pasteEnd = "\x1b[201~"

// inputGuard passes a session's input to its view, bounding what the
// view's input decoder can be made to hold. The decoder keeps an
// unfinished escape sequence (a DCS, OSC or CSI that never ends) for as
// long as input keeps coming within its escape timeout, rescanning it on
// every read, and a bracketed paste until its end marker: a client
// streaming either would grow it without bound, in time quadratic in its
// length. So after flushEvery bytes without a pause the guard makes one of
// flushPause, after which the decoder gives up on anything unfinished; and
// after every pause it ends any paste. A person's keys, clicks and pastes
// come in bursts far smaller than flushEvery and never notice.
type inputGuard struct {
	r    io.Reader
	run  int       // input bytes since the last pause
	last time.Time // when input last came
	out  []byte    // a paste end and input, still to pass on
}

func (g *inputGuard) Read(p []byte) (int, error) {
	for len(g.out) == 0 {
		if g.run >= flushEvery {
			time.Sleep(flushPause)
			g.out = append(g.out, pasteEnd...)
			g.run = 0
			break
		}
		n, err := g.r.Read(p[:min(len(p), flushEvery-g.run)])
		if n == 0 || err != nil {
			return n, err
		}
		now := time.Now()
		if g.run > 0 && now.Sub(g.last) >= flushPause {
			// The decoder gave up on anything unfinished during the
			// pause; end any paste before this input.
			g.out = append(g.out, pasteEnd...)
			g.run = 0
		}
		g.last = now
		g.run += n
		if len(g.out) == 0 {
			return n, nil
		}
		g.out = append(g.out, p[:n]...)
	}
	n := copy(p, g.out)
	g.out = g.out[n:]
	return n, nil
}

// bucket is a token bucket: inputRate tokens a second, at most inputBurst.
type bucket struct {
	tokens float64
	last   time.Time
}

// take takes a token if there is one.
func (b *bucket) take(now time.Time) bool {
	if b.last.IsZero() {
		b.tokens = inputBurst
	} else {
		b.tokens = min(inputBurst, b.tokens+now.Sub(b.last).Seconds()*inputRate)
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// sshWindowMsg is a size the client gave through SSH, already clamped.
type sshWindowMsg struct{ width, height int }

// uvPackage is the package of the input events Bubble Tea passes on
// untranslated (size reports in pixels, unknown sequences, …).
const uvPackage = "github.com/charmbracelet/ultraviolet"

// filter is the session's Bubble Tea message filter. It runs in the view's
// event loop, before the view sees a message or Bubble Tea resizes its
// screen. The SSH window's size (clamped) is the size; sizes the client
// reports in its input stream are dropped unless they agree. Input events
// beyond inputRate a second are dropped, as are raw events the view has
// no use for. Suspending (ctrl+z, meaningless over SSH) becomes resuming.
func (v *session) filter(_ tea.Model, msg tea.Msg) tea.Msg {
	switch m := msg.(type) {
	case sshWindowMsg:
		v.width, v.height = m.width, m.height
		return tea.WindowSizeMsg{Width: m.width, Height: m.height}
	case tea.WindowSizeMsg:
		if m.Width != v.width || m.Height != v.height {
			return nil
		}
		return v.input(msg)
	case tea.SuspendMsg:
		return tea.ResumeMsg{}
	case tea.PasteMsg:
		if m.Content == "" {
			return nil
		}
		return v.input(msg)
	case tea.KeyMsg, tea.MouseMsg, tea.PasteStartMsg, tea.PasteEndMsg, tea.FocusMsg, tea.BlurMsg:
		return v.input(msg)
	}
	if t := reflect.TypeOf(msg); t != nil && t.PkgPath() == uvPackage {
		return nil
	}
	return msg
}

// input passes an input event if the session's bucket has a token.
func (v *session) input(msg tea.Msg) tea.Msg {
	if !v.events.take(time.Now()) {
		return nil
	}
	return msg
}
