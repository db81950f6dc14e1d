package ui

import "charm.land/bubbles/v2/key"

// keyMap lists every key of the interactive view.
type keyMap struct {
	Step, Back, Play, Faster, Slower, LRUp, LRDown, TypeLR,
	W0Down, W0Up, TypeW0, Param, Restart, Mode, Data, Scale, Ghost, SampleCurve,
	Preset1, Preset2, Preset3, Preset4, Compare, AddRun, RemoveRun, Sweep, SweepMore, SweepLess, Optimizer,
	// LRPair and W0Pair sum up a pair of keys on the one-line help.
	LRPair, W0Pair key.Binding
	Help, Quit key.Binding
}

func defaultKeyMap(lang Lang) keyMap {
	t := func(s string) string { return tr(lang, s) }
	return keyMap{
		Step:        key.NewBinding(key.WithKeys("space", "n", "pgdown"), key.WithHelp("space/n", t("step"))),
		Back:        key.NewBinding(key.WithKeys("b", "backspace", "pgup"), key.WithHelp("b", t("undo"))),
		Play:        key.NewBinding(key.WithKeys("p", "enter"), key.WithHelp("p", t("play"))),
		Faster:      key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", t("faster"))),
		Slower:      key.NewBinding(key.WithKeys("-", "_"), key.WithHelp("−", t("slower"))),
		LRUp:        key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", t("α up"))),
		LRDown:      key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", t("α down"))),
		TypeLR:      key.NewBinding(key.WithKeys("a"), key.WithHelp("a", t("type α"))),
		W0Down:      key.NewBinding(key.WithKeys("left"), key.WithHelp("←", t("w0 − 0.1"))),
		W0Up:        key.NewBinding(key.WithKeys("right"), key.WithHelp("→", t("w0 + 0.1"))),
		TypeW0:      key.NewBinding(key.WithKeys("w"), key.WithHelp("w", t("type w0"))),
		Param:       key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", t("next parameter/run"))),
		Restart:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", t("restart"))),
		Mode:        key.NewBinding(key.WithKeys("m"), key.WithHelp("m", t("mode"))),
		Data:        key.NewBinding(key.WithKeys("d"), key.WithHelp("d", t("dataset"))),
		Scale:       key.NewBinding(key.WithKeys("l"), key.WithHelp("l", t("log/linear"))),
		Ghost:       key.NewBinding(key.WithKeys("g"), key.WithHelp("g", t("ghost preview"))),
		SampleCurve: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", t("sample's curve"))),
		Preset1:     key.NewBinding(key.WithKeys("1"), key.WithHelp("1", t("α too small"))),
		Preset2:     key.NewBinding(key.WithKeys("2"), key.WithHelp("2", t("α just right"))),
		Preset3:     key.NewBinding(key.WithKeys("3"), key.WithHelp("3", t("α oscillating"))),
		Preset4:     key.NewBinding(key.WithKeys("4"), key.WithHelp("4", t("α diverging"))),
		Compare:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", t("compare α"))),
		AddRun:      key.NewBinding(key.WithKeys("A"), key.WithHelp("A", t("add a run"))),
		RemoveRun:   key.NewBinding(key.WithKeys("X"), key.WithHelp("X", t("remove run"))),
		Sweep:       key.NewBinding(key.WithKeys("v"), key.WithHelp("v", t("α sweep"))),
		SweepMore:   key.NewBinding(key.WithKeys("]"), key.WithHelp("]", t("sweep N up"))),
		SweepLess:   key.NewBinding(key.WithKeys("["), key.WithHelp("[", t("sweep N down"))),
		Optimizer:   key.NewBinding(key.WithKeys("o"), key.WithHelp("o", t("optimizer"))),
		LRPair:      key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", t("α"))),
		W0Pair:      key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", t("w0"))),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", t("all keys"))),
		Quit:        key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", t("quit"))),
	}
}

// ShortHelp implements help.KeyMap.
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Step, k.Back, k.Play, k.LRPair, k.W0Pair, k.Help, k.Quit}
}

// FullHelp implements help.KeyMap.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Step, k.Back, k.Play, k.Faster, k.Slower},
		{k.LRUp, k.LRDown, k.TypeLR, k.W0Down, k.W0Up, k.TypeW0},
		{k.Param, k.Restart, k.Mode, k.Data, k.Optimizer, k.Scale, k.Ghost},
		{k.Preset1, k.Preset2, k.Preset3, k.Preset4, k.SampleCurve},
		{k.Compare, k.AddRun, k.RemoveRun, k.Sweep, k.SweepLess, k.SweepMore},
		{k.Help, k.Quit},
	}
}
