package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"descent/engine"
)

func sendLesson(l Model, msgs ...tea.Msg) (tea.Model, tea.Cmd) {
	var m tea.Model = l
	var cmd tea.Cmd
	for _, msg := range msgs {
		m, cmd = m.Update(msg)
	}
	return m, cmd
}

// page is the lesson's page shown by m, counted from 1.
func page(m tea.Model) int { return m.(Model).lesson.page + 1 }

// openView presses i on the lesson m and delivers the message its command
// carries, as the program would.
func openView(m tea.Model) (tea.Model, tea.Cmd) {
	m, cmd := m.Update(press('i'))
	if cmd == nil {
		return m, nil
	}
	return m.Update(cmd())
}

func TestLessonPagesGolden(t *testing.T) {
	for _, lang := range []Lang{English, Korean} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			l := NewLesson(lang, size[0], size[1])
			for page := 1; page <= lessonPages; page++ {
				// Act once on every page so its widget shows something.
				var m tea.Model
				m, _ = sendLesson(l, space)
				lp := m.(Model)
				t.Run(fmt.Sprintf("%s-%dx%d-page%d", lang, size[0], size[1], page), func(t *testing.T) {
					plain := ansi.Strip(lp.Render())
					lines := strings.Split(plain, "\n")
					if len(lines) > size[1] {
						t.Errorf("%d lines", len(lines))
					}
					for i, line := range lines {
						if w := ansi.StringWidth(line); w > size[0] {
							t.Errorf("line %d is %d columns wide", i+1, w)
						}
					}
					if !strings.Contains(plain, fmt.Sprintf("%d/%d", page, lessonPages)) {
						t.Error("no page k of n")
					}
					golden.RequireEqual(t, []byte(plain))
				})
				m, _ = sendLesson(l, right)
				l = m.(Model)
			}
		}
	}
}

func TestLessonNavigationAndWidgets(t *testing.T) {
	l := NewLesson(English, 100, 30)
	m, _ := sendLesson(l, left, pgup)
	if page(m) != 1 {
		t.Error("← on page 1 moves")
	}
	m, _ = sendLesson(l, right, pgdown, right, right, right, right, right, right, right, right, right)
	if page(m) != lessonPages {
		t.Errorf("→ ×11 reaches page %d, want %d", page(m), lessonPages)
	}
	// Page 2: the live row follows w; at w = 3 the mean loss is 14/3.
	fresh := func() Model { return NewLesson(English, 100, 30) }
	m, _ = sendLesson(fresh(), right, up, up, up, up)
	if v := ansi.Strip(m.(Model).Render()); !strings.Contains(strings.Join(strings.Fields(v), " "), "3 1 4 9 4.667 ◀ your w") {
		t.Errorf("page 2 at w = 3:\n%s", v)
	}
	// Page 5: space reveals the derivative line by line.
	m, _ = sendLesson(fresh(), right, right, right, right, space, space, space, space)
	if v := ansi.Strip(m.(Model).Render()); !strings.Contains(v, "∂loss/∂w = 2x(x·w − y)") {
		t.Errorf("page 5 after four spaces:\n%s", v)
	}
	// Page 6: three updates give the lecture's w = 1.260688.
	m, _ = sendLesson(fresh(), right, right, right, right, right, space, space, space)
	if v := ansi.Strip(m.(Model).Render()); !strings.Contains(v, "= 1.260688") {
		t.Errorf("page 6 after three updates:\n%s", v)
	}
	// Page 7: ten epochs print the lecture's progress line and predict ≈ 7.80.
	msgs := []tea.Msg{right, right, right, right, right, right}
	for range 10 {
		msgs = append(msgs, space)
	}
	m, _ = sendLesson(fresh(), msgs...)
	v := ansi.Strip(m.(Model).Render())
	if !strings.Contains(v, "progress: 9 w= 1.9512159834655312 loss= 0.021418922423117836") || !strings.Contains(v, "7.804863933862125") {
		t.Errorf("page 7 after ten epochs:\n%s", v)
	}
	// Page 8: the chosen preset goes with i into the interactive view.
	m, _ = sendLesson(fresh(), right, right, right, right, right, right, right, down, down, down)
	want := m.(Model).lesson.run.Presets()[3].LR
	next, cmd := openView(m)
	view, ok := next.(Model)
	if !ok || cmd == nil || view.Run().LR() != want {
		t.Fatalf("i on page 8 opens %T with α %v, want the view with α %v", next, view.Run().LR(), want)
	}
	// Page 9: i opens exercise 3-2.
	m, _ = sendLesson(fresh(), right, right, right, right, right, right, right, right, space)
	if v := ansi.Strip(m.(Model).Render()); !strings.Contains(v, "∂loss/∂w2 = 2x²(ŷ − y)") {
		t.Errorf("page 9 after an update:\n%s", v)
	}
	next, _ = openView(m)
	if next.(Model).Run().Model().Name() != engine.ModelQuad.Name() {
		t.Error("i on page 9 does not open the quad model")
	}
	if _, cmd := sendLesson(l, press('q')); cmd == nil {
		t.Error("q does not quit")
	}
}

// TestLessonListKeys moves the ▸ marker of page 8 with the keys: ↓ moves
// it to the row below, ↑ to the row above, as in any list, and neither
// leaves the list; space goes round it.
func TestLessonListKeys(t *testing.T) {
	marked := func(m tea.Model) string {
		for _, line := range strings.Split(ansi.Strip(m.(Model).Render()), "\n") {
			if rest, ok := strings.CutPrefix(line, "▸ "); ok {
				return strings.Fields(rest)[0]
			}
		}
		return ""
	}
	var m tea.Model = NewLesson(English, 100, 30)
	m, _ = sendLesson(m.(Model), right, right, right, right, right, right, right)
	for _, c := range []struct {
		key  tea.Msg
		want string
	}{{up, "1"}, {down, "2"}, {down, "3"}, {down, "4"}, {down, "4"}, {up, "3"}, {up, "2"}, {up, "1"}, {up, "1"}, {space, "2"}} {
		m, _ = m.Update(c.key)
		if got := marked(m); got != c.want {
			t.Fatalf("after %v the ▸ marks row %q, want %q:\n%s", c.key, got, c.want, ansi.Strip(m.(Model).Render()))
		}
	}
	// Space goes round the list.
	m, _ = sendLesson(m.(Model), space, space, space)
	if got := marked(m); got != "1" {
		t.Errorf("space after the last row marks %q, want 1", got)
	}
}

func TestLessonAnySize(t *testing.T) {
	for _, s := range [][2]int{{0, 0}, {1, 1}, {79, 23}, {300, 120}} {
		for _, lang := range []Lang{English, Korean} {
			l := NewLesson(lang, s[0], s[1])
			for p := 0; p < lessonPages; p++ {
				m, _ := sendLesson(l, space, up)
				_ = m.(Model).Render()
				m, _ = sendLesson(l, right)
				l = m.(Model)
			}
		}
	}
}

func TestKoreanLabels(t *testing.T) {
	m := New(Options{Config: engine.Lecture(), Data: hours(t), Width: 100, Height: 30, Lang: Korean})
	m, _ = send(m, space)
	v := ansi.Strip(m.Render())
	for _, s := range []string{"업데이트 1", "평균 손실", "수렴 중", "한 걸음", "끝내기"} {
		if !strings.Contains(v, s) {
			t.Errorf("Korean view lacks %q:\n%s", s, v)
		}
	}
	if DetectLang(func(k string) string { return map[string]string{"LANG": "ko_KR.UTF-8"}[k] }) != Korean ||
		DetectLang(func(k string) string { return map[string]string{"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}[k] }) != English {
		t.Error("DetectLang does not follow LC_ALL, then LANG")
	}
}
