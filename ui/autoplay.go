package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// speeds are the autoplay rates in updates per second.
var speeds = []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000}

// frameRate is the most frames per second autoplay draws by default;
// faster speeds take several updates per frame.
const frameRate = 30

// tickMsg asks autoplay for its next frame; id tells stale ticks apart.
type tickMsg struct{ id int }

// player is autoplay: whether it plays, how fast, and the tick in flight.
// It arms no timer while paused, and a pause makes the tick in flight
// stale, so two tick loops never run.
type player struct {
	playing bool
	tickID  int
	speed   int     // index into speeds
	carry   float64 // fractional updates owed
	fps     int     // the frame cap
}

func newPlayer(fps int) player {
	if fps <= 0 {
		fps = frameRate
	}
	return player{speed: 3, fps: fps}
}

// start starts playing and arms the first tick.
func (p *player) start() tea.Cmd {
	p.playing = true
	p.tickID++
	return p.tick()
}

// pause stops autoplay; a tick already in flight is ignored.
func (p *player) pause() {
	if p.playing {
		p.playing = false
		p.tickID++
	}
}

// current reports whether msg is the tick autoplay waits for.
func (p player) current(msg tickMsg) bool { return p.playing && msg.id == p.tickID }

// tick arms the next autoplay frame.
func (p player) tick() tea.Cmd {
	id := p.tickID
	return tea.Tick(p.interval(), func(time.Time) tea.Msg { return tickMsg{id: id} })
}

// interval is the time between autoplay frames.
func (p player) interval() time.Duration {
	return time.Second / time.Duration(min(speeds[p.speed], p.fps))
}

// frame returns how many updates this frame takes: the speed over the
// frame rate, with the fractions carried over.
func (p *player) frame() int {
	per := float64(speeds[p.speed]) / float64(min(speeds[p.speed], p.fps))
	p.carry += per
	n := int(p.carry)
	p.carry -= float64(n)
	return n
}

// faster and slower move along speeds, stopping at its ends.
func (p *player) faster() { p.speed = min(p.speed+1, len(speeds)-1) }
func (p *player) slower() { p.speed = max(p.speed-1, 0) }

// rate is the speed in updates per second.
func (p player) rate() int { return speeds[p.speed] }
