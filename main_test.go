package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestRunPrintsTheLectureByteForByte(t *testing.T) {
	want, err := os.ReadFile("testdata/lecture3-slide15.txt")
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI("run")
	if code != 0 || errOut != "" || out != string(want) {
		t.Fatalf("descent run: exit %d, stderr %q, stdout equal to the lecture: %v", code, errOut, out == string(want))
	}
	code, out, _ = runCLI("run", "--epochs", "10")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || lines[len(lines)-2] != "progress: 9 w= 1.9512159834655312 loss= 0.021418922423117836" ||
		lines[len(lines)-1] != "predict (after training) 4 hours 7.804863933862125" {
		t.Errorf("--epochs 10 ends with %q", lines[len(lines)-2:])
	}
}

func TestBadInputIsOneLineExitTwoNothingOnStdout(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("x,y\n1,2\n2,oops\n"), 0o644)
	nl := filepath.Join(t.TempDir(), "two\nlines.csv")
	os.WriteFile(nl, []byte("x,y\n1,oops\n"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--lr", "0"}, "--lr"},
		{[]string{"run", "--lr", "-1"}, "--lr"},
		{[]string{"run", "--lr", "abc"}, "--lr"},
		{[]string{"run", "--lr", "inf"}, "--lr"},
		{[]string{"run", "--lr", "NaN"}, "--lr"},
		{[]string{"run", "--epochs", "-1"}, "--epochs"},
		{[]string{"run", "--epochs", "99999999"}, "--epochs"},
		{[]string{"run", "--model", "cubic"}, "--model"},
		{[]string{"run", "--mode", "online"}, "--mode"},
		{[]string{"run", "--format", "xml"}, "--format"},
		{[]string{"run", "--format", "lecture", "--model", "wb"}, "--format lecture"},
		{[]string{"run", "--mode", "batch"}, "--format lecture"},
		{[]string{"run", "--mode", "minibatch", "--batch", "4"}, "--batch"},
		{[]string{"run", "--mode", "minibatch", "--batch", "0"}, "--batch"},
		{[]string{"run", "--batch", "2"}, "--batch"},
		{[]string{"run", "--mode", "batch", "--shuffle", "--format", "csv"}, "--shuffle"},
		{[]string{"run", "--seed", "3"}, "--seed"},
		{[]string{"run", "--init", "w2=1", "--format", "csv"}, "--init"},
		{[]string{"run", "--model", "quad", "--init", "w2=1,w9=2", "--format", "csv"}, "--init"},
		{[]string{"run", "--model", "quad", "--init", "w2=x", "--format", "csv"}, "--init"},
		{[]string{"run", "--model", "quad", "--w0", "2", "--format", "csv"}, "--w0"},
		{[]string{"run", "--w0", "inf"}, "--w0"},
		{[]string{"run", "--predict", "nan"}, "--predict"},
		{[]string{"run", "--data", "nosuch"}, "--data"},
		{[]string{"run", "--data", bad}, "bad.csv:3: column 2"},
		{[]string{"run", "--frobnicate"}, "--frobnicate"},
		{[]string{"run", "--lr"}, "--lr"},
		{[]string{"run", "extra"}, "extra"},
		{[]string{"fly"}, "fly"},
		{[]string{"snapshot", "--width", "0"}, "--width"},
		{[]string{"snapshot", "--steps", "-3"}, "--steps"},
		{[]string{"--lr", "0"}, "--lr"},
		{[]string{"run", "--shuffle=maybe"}, "--shuffle"},
		{[]string{"run", "--epochs", `a"b`}, "--epochs"},
		{[]string{"help", "extra"}, "extra"},
		{[]string{"--version", "extra"}, "extra"},
		{[]string{"datasets", "--lr", "-1"}, "no flags"},
		{[]string{"run", "--optimizer", "sgd2"}, "--optimizer"},
		{[]string{"run", "--optimizer", "adam", "--beta1", "1", "--format", "csv"}, "--beta1"},
		{[]string{"run", "--optimizer", "adam", "--beta2", "-0.1", "--format", "csv"}, "--beta2"},
		{[]string{"run", "--optimizer", "adam", "--eps", "0", "--format", "csv"}, "--eps"},
		{[]string{"run", "--optimizer", "momentum", "--momentum", "1", "--format", "csv"}, "--momentum"},
		{[]string{"run", "--optimizer", "rmsprop", "--alpha", "1.5", "--format", "csv"}, "--alpha"},
		{[]string{"run", "--momentum", "0.5"}, "--momentum"},
		{[]string{"run", "--optimizer", "adam"}, "--format lecture"},
		{[]string{"snapshot", "--compare", "0.1"}, "--compare"},
		{[]string{"snapshot", "--compare", "0.1,x"}, "--compare"},
		{[]string{"snapshot", "--compare-optimizers", "gd,foo"}, "--compare-optimizers"},
		{[]string{"snapshot", "--compare", "0.1,0.2", "--sweep"}, "--sweep"},
		{[]string{"run", "--w0", "1e200"}, "1e150"},
		{[]string{"run", "--data", nl}, "\\n"},
		{[]string{"lesson", "--lang", "fr"}, "--lang"},
		{[]string{"lesson", "--lr", "0.1"}, "only --lang"},
		{[]string{"snapshot", "--lang", "xx"}, "--lang"},
	} {
		code, out, errOut := runCLI(c.args...)
		if code != 2 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2, nothing, one line naming %s", c.args, code, out, errOut, c.want)
		}
	}
}

func TestSnapshotInKorean(t *testing.T) {
	code, out, _ := runCLI("snapshot", "--lang", "ko", "--steps", "1", "--width", "80", "--height", "24")
	if code != 0 || !strings.Contains(out, "업데이트 1") {
		t.Errorf("snapshot --lang ko: exit %d\n%s", code, out)
	}
}

func TestDefaultBatchFitsOnePoint(t *testing.T) {
	one := filepath.Join(t.TempDir(), "one.csv")
	os.WriteFile(one, []byte("x,y\n1,2\n"), 0o644)
	if code, _, errOut := runCLI("run", "--data", one, "--mode", "minibatch", "--format", "csv", "--epochs", "1"); code != 0 {
		t.Errorf("mini-batch on one point without --batch: exit %d: %s", code, errOut)
	}
}

func TestOptimizerTranscripts(t *testing.T) {
	// Momentum's first two updates by hand: b = −2, w = 1.02; b = 0.9·(−2) − 7.84 = −9.64, w = 1.1164.
	code, out, _ := runCLI("run", "--optimizer", "momentum", "--format", "csv", "--epochs", "1")
	rows := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || rows[0] != "epoch,sample,x,y,grad_w,w,loss,mse,b_w" || !strings.HasPrefix(rows[1], "0,0,1,2,-2,1.02,") ||
		!strings.HasSuffix(rows[1], ",-2") || !strings.HasSuffix(rows[2], ",-9.64") {
		t.Errorf("momentum csv: %q", rows[:3])
	}
	code, out, _ = runCLI("run", "--optimizer", "adam", "--format", "json", "--epochs", "1")
	var doc struct {
		Settings   struct{ Optimizer map[string]any }
		Analysis   map[string]any
		Trajectory []struct{ State map[string]any }
	}
	if err := json.Unmarshal([]byte(out), &doc); code != 0 || err != nil {
		t.Fatalf("adam json: %d %v", code, err)
	}
	if doc.Settings.Optimizer["name"] != "adam" || doc.Analysis["regime"] != "adaptive" || doc.Analysis["lr_max_stable"] != nil ||
		doc.Trajectory[0].State["t"] != 1.0 {
		t.Errorf("adam json: %+v %+v %+v", doc.Settings.Optimizer, doc.Analysis, doc.Trajectory[0].State)
	}
}

func TestCSVAndJSONFormats(t *testing.T) {
	code, out, _ := runCLI("run", "--model", "wb", "--mode", "batch", "--format", "csv", "--epochs", "2")
	rows := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || rows[0] != "epoch,sample,x,y,grad_w,grad_b,w,b,loss,mse" || len(rows) != 3 {
		t.Fatalf("csv: exit %d, %q", code, rows)
	}
	// Full batch from w = b = 1 on hours: ŷ = x + 1, so ŷ − y = 0, −1, −2; the mean of 2x(ŷ − y)
	// is −16/3 and of 2(ŷ − y) is −2; then w = 1 + 0.01·16/3 and b = 1 + 0.01·2.
	gw, lr := -16.0/3, 0.01
	want := "0,,,,-5.333333333333333,-2," + strconv.FormatFloat(1-float64(lr*gw), 'g', -1, 64) + ",1.02,"
	if !strings.HasPrefix(rows[1], want) {
		t.Errorf("first batch row %q, want it to start %q", rows[1], want)
	}
	code, out, _ = runCLI("run", "--format", "json", "--epochs", "3", "--lr", "0.1")
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); code != 0 || err != nil {
		t.Fatalf("json: exit %d, %v", code, err)
	}
	a := doc["analysis"].(map[string]any)
	if a["regime"] != "oscillating" || len(doc["trajectory"].([]any)) != 9 {
		t.Errorf("json analysis %v", a)
	}
}

func TestDatasetsHelpVersionSnapshot(t *testing.T) {
	if code, out, _ := runCLI("datasets"); code != 0 || !strings.HasPrefix(out, "hours") {
		t.Errorf("datasets: %d %q", code, out)
	}
	for _, a := range [][]string{{"--help"}, {"help"}, {"run", "--help"}, {"-h"}} {
		if code, out, _ := runCLI(a...); code != 0 || !strings.Contains(out, "descent run") {
			t.Errorf("%v: exit %d", a, code)
		}
	}
	if code, out, _ := runCLI("--version"); code != 0 || !strings.HasPrefix(out, "descent ") {
		t.Errorf("--version: %d %q", code, out)
	}
	code, out, _ := runCLI("snapshot", "--steps", "3", "--width", "80", "--height", "24")
	if code != 0 || !strings.Contains(out, "1.0984 − 0.01 × (−16.2288) = 1.260688") || strings.Contains(out, "\x1b[") {
		t.Errorf("snapshot: exit %d\n%s", code, out)
	}
}
