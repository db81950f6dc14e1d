package ui

// korean is the catalog: every string the view shows, in English (the
// key, which tr returns when the language is English) and in Korean. The
// lesson's narration is in lessontext.go. TestEveryStringHasItsKorean
// fails for a string the code looks up that is missing here, or whose
// Korean takes other arguments; Korean formats may take them in another
// order (%[2]s).
var korean = map[string]string{
	// keys
	"step": "한 걸음", "undo": "되돌리기", "play": "재생/정지", "faster": "빠르게", "slower": "느리게",
	"α up": "α 올리기", "α down": "α 내리기", "type α": "α 입력", "next parameter": "다음 매개변수", "next run": "다음 실행",
	"restart": "다시 시작", "mode": "방식", "dataset": "데이터", "optimizer": "옵티마이저", "log/linear": "로그/선형",
	"ghost preview": "미리 보기", "sample's curve": "샘플 곡선", "fit: data and model": "데이터와 모델",
	"α too small": "α 너무 작게", "α just right": "α 알맞게", "α oscillating": "α 진동", "α diverging": "α 발산",
	"compare α": "α 비교", "add a run": "실행 추가", "remove run": "실행 제거", "α sweep": "α 훑기",
	"sweep N up": "훑기 N 늘리기", "sweep N down": "훑기 N 줄이기", "updates N": "업데이트 수 N",
	"all keys": "모든 키", "quit": "끝내기", "back to the lesson": "수업으로 돌아가기",
	"esc goes back to the lesson": "esc로 수업으로 돌아갑니다", "α": "α",
	"w0": "w0", "w0 − 0.1": "w0 − 0.1", "w0 + 0.1": "w0 + 0.1", "type w0": "w0 입력", "type %s": "%s 입력",
	"%s start": "%s 시작값",
	"next":     "다음 쪽", "back": "이전 쪽", "act on the page": "이 쪽의 동작", "value up": "값 올리기",
	"value down": "값 내리기", "try it in the view": "직접 해 보기",

	// header and state
	"%d points": "점 %d개", "per-sample": "샘플마다", "full batch": "전체 배치", "mini-batch of %d": "%d개씩 미니배치",
	"shuffled": "섞어서", "comparing %d learning rates": "학습률 %d개 비교", "comparing %d optimizers": "옵티마이저 %d개 비교",
	"playing %d/s": "재생 중 %d/s", "paused · autoplay %d/s": "일시정지 · 자동 재생 %d/s", "paused %d/s": "일시정지 %d/s",
	"■ every run has settled": "■ 모든 실행이 끝남", "paused": "일시정지",
	"running": "진행 중", "converged": "수렴함", "diverged": "발산함", "cycling": "순환함", "stalled": "멈춤",
	"converging": "수렴 중", "oscillating": "진동하며 수렴", "diverging": "발산 중", "adaptive": "적응형",
	"descent lesson": "descent 수업", "descent: gradient descent, one update at a time": "descent: 경사 하강법, 한 번에 업데이트 하나씩",
	"descent: %s, %s, mean loss %s (%s)": "descent: %s, %s, 평균 손실 %s (%s)",

	// status lines
	"update": "업데이트", "epoch": "에폭", "epochs": "에폭", "updates": "업데이트", "mean loss": "평균 손실",
	"every α": "모든 α", "stable < %s": "안정 < %s", "stable < %s or %s": "안정 < %s 또는 %s",
	"≈ adaptive step: no fixed-α bound": "≈ 적응형 걸음: 고정 α 한계 없음",
	"×%s/update on average":             "업데이트마다 평균 ×%s", "×<1e−308/epoch": "×<1e−308/에폭", "×>1e308/epoch": "×>1e308/에폭",
	"1 update": "업데이트 1번", "%d updates": "업데이트 %d번",
	"try 1–4 for α presets · c to compare learning rates · v to sweep α":    "1–4: α 예시 · c: 학습률 비교 · v: α 훑기",
	"tab picks a run · ↑/↓ its α · A adds a run · X removes one · c closes": "tab: 실행 고르기 · ↑/↓: 그 α · A: 실행 추가 · X: 실행 제거 · c: 닫기",
	"[ and ] change the number of updates · ↑/↓ move α · v closes":          "[ 와 ]: 업데이트 수 바꾸기 · ↑/↓: α 움직이기 · v: 닫기",
	"q quits at once": "q를 누르면 바로 끝납니다", "one moment: %s": "잠시만요: %s",
	"working out the analysis of %d points…":       "점 %d개를 분석하는 중…",
	"working out %s on %d points":                  "점 %[2]d개에서 %[1]s 분석 중",
	"working out the updates on %d points":         "점 %d개의 업데이트를 준비하는 중",
	"reading %d points of %s":                      "%[2]s의 점 %[1]d개를 읽는 중",
	"sweeping %d values of α over %d updates each": "α %d개를 각각 업데이트 %d번씩 훑는 중",

	// messages
	"at the start: nothing to undo":          "처음입니다: 되돌릴 것이 없습니다",
	"only the last %d updates can be undone": "마지막 %d번의 업데이트만 되돌릴 수 있습니다",
	"every run has settled (converged, diverged, cycling or stalled): press r to restart, or change α": "모든 실행이 끝났습니다 (수렴, 발산, 순환, 멈춤): r로 다시 시작하거나 α를 바꾸세요",
	"the run has settled (%s): press r to restart, or change α":                                        "실행이 끝났습니다 (%s): r로 다시 시작하거나 α를 바꾸세요",
	"%s after %s; autoplay paused":                                              "%[2]s 후 %[1]s; 자동 재생을 멈췄습니다",
	"every run has settled; autoplay paused":                                    "모든 실행이 끝났습니다; 자동 재생을 멈췄습니다",
	"restarted at the starting parameters":                                      "시작값에서 다시 시작했습니다",
	"restarted at %s = %s":                                                      "%s = %s 에서 다시 시작했습니다",
	"α = %s (%s); the run continues from here":                                  "α = %s (%s); 실행은 여기서 이어집니다",
	"a start of %s = %s is out of range: it must be a finite number within ±%s": "시작값 %s = %s 는 범위를 벗어납니다: ±%s 안의 유한한 수여야 합니다",
	"α must be a positive finite number":                                        "α는 양의 유한한 수여야 합니다",
	"this dataset leaves the range of float64 for model %s: %s = %s":            "이 데이터는 모델 %s에서 float64 범위를 벗어납니다: %s = %s",
	"the mini-batch is larger than the dataset":                                 "미니배치가 데이터보다 큽니다",
	"%s has one parameter, %s: tab picks among several (models wb and quad)":    "%s 의 매개변수는 %s 하나뿐입니다: tab은 여러 개일 때 고릅니다 (모델 wb, quad)",
	"optimizer: %s; restarted":                                                  "옵티마이저: %s; 다시 시작했습니다",
	"plain gradient descent":                                                    "기본 경사 하강법",
	"mode: %s":                                                                  "방식: %s",
	"points read from %s":                                                       "%s에서 읽은 점",
	"the compare view holds at most %d runs: X removes one":                     "비교 화면에는 실행이 %d개까지입니다: X로 하나를 지우세요",
	"the compare view keeps at least 2 runs":                                    "비교 화면에는 실행이 2개 이상 있어야 합니다",
	"added a run at α = %s":                                                     "α = %s 인 실행을 추가했습니다",
	"the sweep shows α, not a run: v goes back to the run":                      "훑기는 실행이 아니라 α를 보여 줍니다: v로 실행으로 돌아갑니다",
	"the loss chart, on a %s scale now, shows from %d×%d":                       "손실 차트는 이제 %s 눈금이며, %d×%d 이상에서 보입니다",
	"log":                         "로그",
	"linear":                      "선형",
	"%s: α = %s; %s":              "%s: α = %s; %s",
	"%s: α = %s (derived %s); %s": "%s: α = %s (계산값 %s); %s",
	"α = %s, plain gradient descent's %q; %s adapts its step, so watch the effective step Δ": "α = %s, 기본 경사 하강법의 %q; %s 옵티마이저는 걸음을 스스로 바꾸니 실제 걸음 Δ를 보세요",
	"enter applies · esc cancels":       "enter: 적용 · esc: 취소",
	"%s is out of the range of float64": "%s 는 float64 범위를 벗어납니다",
	"%s is not a number":                "%s 는 수가 아닙니다",
	"%s is not a finite number":         "%s 는 유한한 수가 아닙니다",
	"α must be positive":                "α는 양수여야 합니다",
	"descent needs at least %d×%d; this terminal is %d×%d. Enlarge it, or press q to quit.": "descent는 적어도 %d×%d가 필요합니다; 이 터미널은 %d×%d입니다. 창을 키우거나 q로 끝내세요.",
	"need %d×%d": "%d×%d 필요",

	// presets
	"too small": "너무 작게", "just right": "알맞게",
	"— flat: the loss does not depend on w":                                                          "— 평평함: 손실이 w에 따라 변하지 않습니다",
	"the loss has no curvature here: every w is a minimiser and α changes nothing":                   "여기서는 손실이 휘지 않습니다: 모든 w가 최솟값이고 α는 아무것도 바꾸지 않습니다",
	"each %s keeps %s%% of the error: w crawls toward w*":                                            "%s마다 오차의 %s%%가 남습니다: w가 w*로 기어갑니다",
	"factor %s per %s: w lands near w* almost at once":                                               "%[2]s마다 배율 %[1]s: w가 거의 단번에 w* 가까이 갑니다",
	"the fastest α there is, and still factor %s per %s: a long flat valley":                         "가장 빠른 α인데도 %[2]s마다 배율 %[1]s: 길고 평평한 골짜기입니다",
	"the slowest direction never zig-zags here; near the edge the steep one does (factor %s per %s)": "가장 느린 방향은 여기서 지그재그하지 않습니다; 가장자리 가까이에서 가파른 방향이 합니다 (%[2]s마다 배율 %[1]s)",
	"factor %s per %s: w overshoots w* and zig-zags in":                                              "%[2]s마다 배율 %[1]s: w가 w*를 지나쳤다가 지그재그로 들어옵니다",
	"|factor| %s > 1: every %s throws w further out":                                                 "|배율| %s > 1: %s마다 w가 더 멀리 튕겨 나갑니다",

	// the picture
	"mean loss vs %s": "평균 손실 — %s", "loss vs %s": "손실 — %s", "mean loss vs update": "평균 손실 — 업데이트",
	"log scale": "로그 눈금", "linear scale": "선형 눈금", "%s; l switches": "%s; l로 바꿈",
	"next sample's loss (x=%s, y=%s)": "다음 샘플의 손실 (x=%s, y=%s)", "next step": "다음 걸음",
	"diverged at update %d": "업데이트 %d에서 발산", "the loss overflows float64": "손실이 float64를 넘침",
	"loss": "손실", "at the same point": "같은 자리", "bottom": "바닥", "slope": "기울기", "earlier": "이전",
	"next 5": "다음 5번",
	"✕ lowest with the others held as now · ★ lowest with all of them free": "✕ 다른 가중치는 지금 값에 둔 최저점 · ★ 모두 함께 움직인 최저점",
	"✕ lowest with the others held · ★ all free":                            "✕ 나머지 고정 최저점 · ★ 모두 움직인 최저점",
	"data and model": "데이터와 모델", "data": "데이터", "error": "오차", "at the start": "처음",
	"loss over %s → and %s ↑": "%s → 와 %s ↑ 에 대한 손실", "darker = higher · ∘ path": "진할수록 높음 · ∘ 경로",
	"● off the map":         "● 지도 밖",
	"settings and analysis": "설정과 분석", "model": "모델", "largest stable α": "가장 큰 안정 α",
	"α converges in": "α 수렴 구간", "optimum": "최적값", "curvature": "곡률", "regime": "양상", "condition": "조건수",

	// the receipt
	"no update yet": "아직 업데이트 없음", "press space or n to take the first one": "space나 n으로 첫 업데이트",
	"press space to take the first one": "space로 첫 업데이트",
	"sample %d of %d":                   "샘플 %d / %d", "sample": "샘플", "batch": "배치",
	"all %d samples, mean gradient": "샘플 %d개 모두, 평균 기울기", "mini-batch of %d from sample %d": "샘플 %[2]d부터 %[1]d개 미니배치",
	" for each sample i;": " (샘플 i마다);", "(the buffer starts at the first gradient)": "(버퍼는 첫 기울기에서 시작)",
	"(α·g = %s rounds away)": "(α·g = %s 는 반올림으로 사라짐)",

	// explanations
	"each %s throws %s further out":                          "%s마다 %s가 더 멀리 튕겨 나갑니다",
	"each %s throws %s further out, across %s*":              "%s마다 %s가 %s* 건너편으로 더 멀리 튕겨 나갑니다",
	"an epoch stretches the error by %s":                     "한 에폭이 오차를 %s배로 늘림",
	"each %s throws the weights further out":                 "%s마다 가중치가 더 멀리 튕겨 나갑니다",
	"factor":                                                 "배율",
	"epoch factor":                                           "에폭 배율",
	"the product of %s over the %d updates of an epoch = %s": "한 에폭 %[2]d번 업데이트의 %[1]s 곱 = %[3]s",
	"hᵢ = (2/|B|)·Σx² of batch i":                            "hᵢ = 배치 i의 (2/|B|)·Σx²",
	"∥ stalled: α·g = %s × %s = %s, under half a unit in the last place of %s = %s (%s): %s − α·g rounds back to %s in float64":                           "∥ 멈춤: α·g = %s × %s = %s 는 %s = %s 의 마지막 자리 반 단위(%s)보다 작아 float64에서 %s − α·g가 다시 %s로 반올림됩니다",
	"∥ stalled: α·g = %s is under half a unit in the last place of %s (%s): %s no longer moves in float64":                                                "∥ 멈춤: α·g = %s 는 %s의 마지막 자리 반 단위(%s)보다 작아 float64에서 %s가 더는 움직이지 않습니다",
	"∥ stalled: α·g no longer moves %s in float64":                                                                                                        "∥ 멈춤: α·g가 float64에서 %s를 더는 움직이지 못합니다",
	"∥ stalled: α times every step the rule can take is under half a unit in the last place of each weight: they no longer move in float64":               "∥ 멈춤: α × 가능한 모든 걸음이 각 가중치의 마지막 자리 반 단위보다 작아 float64에서 더는 움직이지 않습니다",
	"↻ the samples pull %s to different places: each epoch %s goes round %s and comes back; %s* = %s, the best for all samples at once, is never reached": "↻ 샘플마다 %s를 다른 곳으로 당깁니다: 에폭마다 %s가 %s를 돌고 돌아오며, 모든 샘플에 가장 좋은 %s* = %s에는 닿지 않습니다",
	"↻ each sample pulls %s its own way: every epoch %s goes round %s; %s* = %s is never reached":                                                         "↻ 샘플마다 %s를 제 쪽으로 당깁니다: 에폭마다 %s가 %s를 돌고, %s* = %s에는 닿지 않습니다",
	"↻ %s cycles through %s; %s* = %s": "↻ %s가 %s를 돕니다; %s* = %s",
	"↻ each sample pulls %s its own way: the run goes round a cycle about %s* = %s and never settles on it":                   "↻ 샘플마다 %s를 제 쪽으로 당깁니다: 실행은 %s* = %s 둘레를 돌 뿐 거기에 머물지 않습니다",
	"↯ momentum carries %s past %s* and back: each %s the error shrinks to ×%s of its size as it turns %s°, a swing every %s": "↯ 모멘텀이 %s를 %s* 너머로 데려갔다 돌아옵니다: %s마다 오차가 ×%s로 줄며 %s°씩 돌아, %s마다 한 번 흔들립니다",
	"↯ momentum carries %s past %s*: ×%s per %s in size, a swing every %s":                                                    "↯ 모멘텀이 %s를 %s* 너머로 데려갑니다: 크기는 ×%s/%s, %s마다 한 번 흔들림",
	"↯ the error turns as it shrinks: ×%s per %s in size, a swing every %s":                                                   "↯ 오차가 줄면서 돕니다: 크기는 ×%s/%s, %s마다 한 번 흔들림",

	// compare table
	"run": "실행", "rule": "규칙", "to least+%s": "최저+%s까지", "diverged at %d": "%d에서 발산",
	"diverges": "발산", "never: cycles": "못 닿음: 순환", "never: stalls": "못 닿음: 멈춤", "never": "못 닿음",
	"not in %d": "%d번 안에 못 닿음",

	// the sweep
	"no sweep yet": "아직 훑기 없음", "mean loss after %d updates vs α": "업데이트 %d번 후 평균 손실 — α",
	"(log scales; [ and ] change the count)": "(로그 눈금; [ 와 ]로 횟수 바꿈)", "● α %s off the sweep": "● α %s 는 훑기 밖",
	"converges": "수렴", "largest stable α %s": "가장 큰 안정 α %s", "stable for α in %s": "α가 %s에서 안정",
	"(loss above %s after %d updates)": "(업데이트 %[2]d번 후 손실이 %[1]s 넘음)", "α now %s": "지금 α %s",

	// the lesson
	"page %d/%d": "쪽 %d/%d", "hours": "시간", "points": "점수", "mean": "평균", "your w": "내 w", "chain rule": "연쇄 법칙",
	"after %d epochs: %s points predicted for 4 hours": "%d 에폭 후: 4시간 공부하면 %s점으로 예측",
	"after 1 epoch: %s points predicted for 4 hours":   "1 에폭 후: 4시간 공부하면 %s점으로 예측",
	"w after each epoch":                               "에폭마다 w", "(derived %s)": "(계산값 %s)",
	"downhill is →: w should grow":   "내리막은 → 쪽: w를 키웁니다",
	"downhill is ←: w should shrink": "내리막은 ← 쪽: w를 줄입니다",
	"flat: this is the bottom":       "평평함: 여기가 바닥입니다",

	// the datasets
	"the lecture's data: hours studied → points; the best w is exactly 2":                                                  "강의의 데이터: 공부한 시간 → 점수; 가장 좋은 w는 정확히 2",
	"points = 2·hours + 1: no line through the origin fits, the model needs an intercept b":                                "점수 = 2·시간 + 1: 원점을 지나는 직선은 맞지 않아 모델에 절편 b가 필요합니다",
	"the same line y = 2x at x = 10, 20, 30: α = 0.01 already diverges (1 − 2αx² = −1 at x = 10), α must shrink like 1/x²": "같은 직선 y = 2x를 x = 10, 20, 30에서: α = 0.01도 이미 발산합니다 (x = 10에서 1 − 2αx² = −1), α는 1/x²처럼 줄어야 합니다",
	"scattered points around y = 2x: no w fits all, so per-sample updates keep jiggling":                                   "y = 2x 둘레에 흩어진 점: 모두에 맞는 w가 없어 샘플마다 업데이트하면 계속 흔들립니다",
	"points on y = x² − 2x + 3: a straight line cannot fit, the quad model can":                                            "y = x² − 2x + 3 위의 점: 직선은 맞출 수 없고 quad 모델은 맞출 수 있습니다",
}
