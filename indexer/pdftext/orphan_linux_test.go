package pdftext

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestWorkerDiesWithParent: a SIGKILL of the server left its extraction
// worker running, orphaned. The worker now ends with its parent.
func TestWorkerDiesWithParent(t *testing.T) {
	if _, err := exec.LookPath("sleep"); err != nil {
		t.Skip("no sleep command to stand for a worker")
	}
	parent := exec.Command(os.Args[0], "-test.run=^$")
	parent.Env = append(os.Environ(), "CONGBAO_PDFTEXT_TEST_PARENT=1")
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	var child string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && child == ""; time.Sleep(20 * time.Millisecond) {
		child = childOf(parent.Process.Pid)
	}
	if child == "" {
		parent.Process.Kill()
		t.Fatal("the parent started no worker")
	}
	parent.Process.Signal(syscall.SIGKILL)
	parent.Wait()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat("/proc/" + child); os.IsNotExist(err) || zombie(child) {
			return
		}
	}
	exec.Command("kill", "-9", child).Run()
	t.Fatalf("worker %s outlived its killed parent", child)
}

// childOf returns the pid of a child of pid, "" if none yet.
func childOf(pid int) string {
	tasks, _ := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/task")
	for _, task := range tasks {
		b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/task/" + task.Name() + "/children")
		if f := strings.Fields(string(b)); len(f) > 0 {
			return f[0]
		}
	}
	return ""
}

func zombie(pid string) bool {
	b, _ := os.ReadFile("/proc/" + pid + "/stat")
	f := strings.Fields(string(b))
	return len(f) > 2 && f[2] == "Z"
}
