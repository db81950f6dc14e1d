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
	} {
		code, out, errOut := runCLI(c.args...)
		if code != 2 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2, nothing, one line naming %s", c.args, code, out, errOut, c.want)
		}
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
