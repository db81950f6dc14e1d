package ui

import (
	"fmt"
	"math"
	"strings"

	"descent/engine"
)

// Lang is the language of the lesson's narration and of the view's labels.
type Lang string

// The languages descent speaks.
const (
	English Lang = "en"
	Korean  Lang = "ko"
)

// DetectLang picks the language from LC_ALL, LC_MESSAGES or LANG (as
// getenv returns them): Korean for ko…, English otherwise.
func DetectLang(getenv func(string) string) Lang {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := getenv(v); s != "" {
			if strings.HasPrefix(strings.ToLower(s), "ko") {
				return Korean
			}
			return English
		}
	}
	return English
}

// ParseLang returns the language called s ("en" or "ko").
func ParseLang(s string) (Lang, error) {
	switch Lang(s) {
	case English, Korean:
		return Lang(s), nil
	}
	return "", fmt.Errorf("unknown language %q (want en or ko)", s)
}

// The view's labels in each language. English is the key: tr returns it
// unchanged when a translation is missing. The lesson's narration is in
// lessontext.go.

var korean = map[string]string{
	// keys
	"step": "한 걸음", "undo": "되돌리기", "play": "재생", "play/pause": "재생/정지", "faster": "빠르게", "slower": "느리게",
	"α up": "α 올리기", "α down": "α 내리기", "type α": "α 입력", "next parameter": "다음 매개변수", "next run": "다음 실행",
	"restart": "다시 시작", "mode": "방식", "dataset": "데이터", "optimizer": "옵티마이저", "log/linear": "로그/선형",
	"ghost preview": "미리 보기", "sample's curve": "샘플 곡선", "α too small": "α 너무 작게", "α just right": "α 알맞게",
	"α oscillating": "α 진동", "α diverging": "α 발산", "compare α": "α 비교", "add a run": "실행 추가",
	"remove run": "실행 제거", "α sweep": "α 훑기", "sweep N up": "훑기 N 늘리기", "sweep N down": "훑기 N 줄이기",
	"all keys": "모든 키", "quit": "끝내기", "α": "α", "type": "입력", "start": "시작",
	// status, header, receipt
	"update ": "업데이트 ", " · epoch ": " · 에폭 ", "mean loss ": "평균 손실 ", "stable < ": "안정 < ", "every α": "모든 α",
	"✓ converged": "✓ 수렴", "✗ diverged": "✗ 발산", "· running": "· 진행 중", "· cycling": "· 순환 중", "· stalled": "· 멈춤",
	"converging": "수렴 중", "oscillating": "진동하며 수렴", "diverging": "발산",
	"≈ adaptive step: no fixed-α bound": "≈ 적응형 걸음: 고정 α 한계 없음",
	"playing":                           "재생 중", "paused · autoplay": "일시정지 · 자동재생",
	"no update yet": "아직 업데이트 없음", " · press space or n to take the first one": " · space나 n으로 첫 걸음",
	"update": "업데이트", "epoch": "에폭", "sample": "샘플", "batch": "배치", "of": "/",
	"try 1–4 for α presets · c to compare learning rates · v to sweep α": "1–4: α 예시 · c: 학습률 비교 · v: α 훑기",
	"mean loss vs ": "평균 손실 — ", "earlier": "이전",
	// the picture (curve, why line, compare, fit)
	"next sample's loss": "다음 샘플의 손실", "next step": "다음 걸음", "diverged at update %d": "업데이트 %d에서 발산",
	"the loss overflows float64": "손실이 float64를 넘침", "loss": "손실", "at the same point": "같은 자리",
	"loss vs ": "손실 — ", "bottom": "바닥", "next 5": "다음 5번",
	sliceNote:                       "✕ 다른 가중치는 지금 값에 둔 최저점 · ★ 모두 함께 움직인 최저점",
	"each %s throws %s further out": "%s마다 %s가 더 멀리 튕겨 나갑니다",
	"each %s throws %s further out, across %s*": "%s마다 %s가 %s* 건너편으로 더 멀리 튕겨 나갑니다",
	"an epoch stretches the error by %s":        "한 에폭이 오차를 %s배로 늘림",
	"each %s throws the weights further out":    "%s마다 가중치가 더 멀리 튕겨 나갑니다",
	"factor":                                    "배율", "epoch factor": "에폭 배율",
	"the product of %s over the %d updates of an epoch = %s": "한 에폭 %[2]d번 업데이트의 %[1]s 곱 = %[3]s",
	" · comparing %d learning rates":                         " · 학습률 %d개 비교", " · comparing %d optimizers": " · 옵티마이저 %d개 비교",
	"diverged at %d": "%d에서 발산", "data and model": "데이터와 모델", "data": "데이터", "error": "오차", "at the start": "처음",
	"fit: data and model": "데이터와 모델",
	// lesson
	"page": "쪽", "hours": "시간", "points": "점수", "mean": "평균", "your w": "내 w", "chain rule": "연쇄 법칙",
	"after epochs": "에폭 후", "largest stable α": "가장 큰 안정 α", "w after each epoch": "에폭마다 w",
	"mean loss": "평균 손실", "slope": "기울기",
	"too small": "너무 작게", "just right": "알맞게", "diverging ": "발산 ",
	"downhill is →: w should grow":   "내리막은 → 쪽: w를 키웁니다",
	"downhill is ←: w should shrink": "내리막은 ← 쪽: w를 줄입니다",
	"flat: this is the bottom":       "평평함: 여기가 바닥입니다",
	"next":                           "다음", "back": "이전", "try it in the view": "직접 해 보기",
	"act on the page": "이 쪽의 동작", "value up": "값 올리기", "value down": "값 내리기",
}

// tr translates s into lang.
func tr(lang Lang, s string) string {
	if lang == Korean {
		if t, ok := korean[s]; ok {
			return t
		}
	}
	return s
}

// presetName is preset p's name in English, the key of its translation.
func presetName(p engine.Preset) string {
	return [...]string{"too small", "just right", "oscillating", "diverging"}[p.Kind]
}

// presetWatch is the line (in English) telling the room what to watch for
// at preset p, whose factor is per epoch of per updates.
func presetWatch(p engine.Preset, per int) string {
	unit := "epoch"
	if per == 1 {
		unit = "update"
	}
	switch {
	case p.Flat:
		return "the loss has no curvature here: every w is a minimiser and α changes nothing"
	case p.Kind == engine.PresetTooSmall:
		return fmt.Sprintf("each %s keeps %s%% of the error: w crawls toward w*", unit, percent(p.Factor))
	case p.Kind == engine.PresetJustRight && math.Abs(p.Factor) < 0.5:
		return fmt.Sprintf("factor %.2g per %s: w lands near w* almost at once", p.Factor, unit)
	case p.Kind == engine.PresetJustRight:
		return fmt.Sprintf("the fastest α there is, and still factor %.4g per %s: a long flat valley", p.Factor, unit)
	case p.Kind == engine.PresetOscillating && p.Edge:
		return fmt.Sprintf("the slowest direction never zig-zags here; near the edge the steep one does (factor %.4g per %s)", p.Factor, unit)
	case p.Kind == engine.PresetOscillating:
		return fmt.Sprintf("factor %.2g per %s: w overshoots w* and zig-zags in", p.Factor, unit)
	}
	return fmt.Sprintf("|factor| %.2g > 1: every %s throws w further out", math.Abs(p.Factor), unit)
}

// percent formats |f| as a percentage with the digits that matter near 100.
func percent(f float64) string {
	p := 100 * math.Abs(f)
	if p > 99 && p < 100 {
		return fmt.Sprintf("%.*f", int(math.Ceil(-math.Log10(100-p))), p)
	}
	return fmt.Sprintf("%.0f", p)
}

// reachVerdict says why a compared run does not reach the target loss:
// "diverged", "never" (it settled above it) or "> N" (not within the N
// updates tried); "" when it does.
func reachVerdict(r engine.Reach) string {
	switch {
	case r.Updates >= 0:
		return ""
	case r.Status == engine.Diverged:
		return "diverged"
	case r.Status == engine.Running:
		return fmt.Sprintf("> %d", r.Tried)
	}
	return "never"
}
