package ui

// The lesson's narration, page by page, in each language.

// lessonPages is how many pages the lesson has.
const lessonPages = 9

// pageText is one lesson page in one language.
type pageText struct {
	title     string
	narration []string
	action    string // what the page's keys do
}

var lessonText = map[Lang][lessonPages]pageText{
	English: {
		{"The data", []string{
			"Students studied 1, 2 and 3 hours and scored 2, 4 and 6 points.",
			"The question: how many points for 4 hours of study?",
			"A model will learn the answer from the data."}, "space: ask the question"},
		{"The model and the loss", []string{
			"Our model guesses ŷ = x·w: there is one weight, w, to learn.",
			"One sample's loss is (ŷ − y)². The table shows each sample's loss and their mean for w = 0 … 4.",
			"Move w with ↑/↓ (or space) and watch your row follow."}, "↑/↓ or space: change w"},
		{"The loss graph", []string{
			"Put the mean losses on a graph: over w they make a parabola (○ are the table's rows).",
			"We want the w at its bottom, the argmin: here w = 2 (★)."}, "↑/↓: move w"},
		{"The idea of gradient descent", []string{
			"Start anywhere. The slope of the curve at w, its dashed tangent, says which way is down.",
			"A negative slope means step right, a positive one step left; the step is α × slope."}, "↑/↓: move w"},
		{"The derivative", []string{
			"For one sample the loss is (x·w − y)². Its derivative with respect to w, line by line:"}, "space: next line"},
		{"One update, every number", []string{
			"The update is w ← w − α·∂loss/∂w with α = 0.01, after every sample, in order.",
			"Press space: the update is written out with every number."}, "space: one update"},
		{"Training", []string{
			"An epoch is one pass over the three samples. The lecture's program prints each gradient and, after every epoch, its progress.",
			"After 10 epochs it predicts about 7.80 points for 4 hours; after 100, about 8.00."}, "space: one epoch"},
		{"The learning rate", []string{
			"α sets the step. Too small: w crawls. Just right: it lands fast. Too big: it zig-zags, or flies off.",
			"descent works these α out from the data, the model and the mode; none is a constant."}, "↑/↓ or space: choose α"},
		{"Several weights", []string{
			"With ŷ = x²·w2 + x·w1 + b there are three weights, and one partial derivative for each.",
			"Every weight takes its own step with its own derivative, all in the same update."}, "space: one update"},
	},
	Korean: {
		{"데이터", []string{
			"학생들이 1, 2, 3시간 공부해서 2, 4, 6점을 받았습니다.",
			"질문: 4시간 공부하면 몇 점을 받을까요?",
			"모델이 데이터에서 답을 배웁니다."}, "space: 질문 보기"},
		{"모델과 손실", []string{
			"모델은 ŷ = x·w 로 예측합니다. 배울 가중치는 w 하나입니다.",
			"샘플 하나의 손실은 (ŷ − y)² 입니다. 표는 w = 0 … 4 일 때 각 샘플의 손실과 평균입니다.",
			"↑/↓ (또는 space)로 w를 움직이며 아래 줄을 보세요."}, "↑/↓ 또는 space: w 바꾸기"},
		{"손실 그래프", []string{
			"평균 손실을 그래프로 그리면 w에 대한 포물선이 됩니다 (○는 표의 줄입니다).",
			"우리가 찾는 것은 가장 낮은 곳의 w, 즉 argmin 입니다. 여기서는 w = 2 (★)."}, "↑/↓: w 움직이기"},
		{"경사 하강법의 아이디어", []string{
			"아무 곳에서나 시작합니다. w에서 곡선의 기울기, 곧 점선으로 그린 접선이 내려가는 방향을 알려 줍니다.",
			"기울기가 음수면 오른쪽으로, 양수면 왼쪽으로 갑니다. 한 걸음은 α × 기울기 입니다."}, "↑/↓: w 움직이기"},
		{"미분", []string{
			"샘플 하나의 손실은 (x·w − y)² 입니다. w에 대한 미분을 한 줄씩 구해 봅시다:"}, "space: 다음 줄"},
		{"업데이트 한 번, 모든 숫자", []string{
			"업데이트는 w ← w − α·∂loss/∂w 이고 α = 0.01 입니다. 샘플마다 차례로 합니다.",
			"space를 누르면 업데이트의 모든 숫자가 나옵니다."}, "space: 업데이트 한 번"},
		{"학습", []string{
			"에폭은 세 샘플을 한 번 도는 것입니다. 강의의 프로그램은 기울기를, 그리고 에폭마다 진행 상황을 출력합니다.",
			"10 에폭 후 4시간에 대한 예측은 약 7.80점, 100 에폭 후에는 약 8.00점 입니다."}, "space: 에폭 한 번"},
		{"학습률", []string{
			"α가 걸음의 크기를 정합니다. 너무 작으면 기어가고, 알맞으면 빨리 도착하고, 너무 크면 지그재그로 움직이거나 튕겨 나갑니다.",
			"descent는 이 α들을 데이터, 모델, 방식에서 계산합니다. 정해진 상수가 아닙니다."}, "↑/↓ 또는 space: α 고르기"},
		{"여러 개의 가중치", []string{
			"ŷ = x²·w2 + x·w1 + b 에는 가중치가 세 개이고, 각각에 편미분이 하나씩 있습니다.",
			"가중치마다 자신의 미분으로 한 걸음씩, 같은 업데이트 안에서 움직입니다."}, "space: 업데이트 한 번"},
	},
}
