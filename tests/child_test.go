package tests

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/cfmirror/cfmirror/internal/confluence"
	"github.com/cfmirror/cfmirror/internal/store"
	"github.com/cfmirror/cfmirror/internal/sync"
)

// childEnv, when set, makes the test binary run one sync and exit; the
// job comes in the other variables below.
const childEnv = "CFMIRROR_TESTS_CHILD"

// The child's job.
const (
	childURL   = "CFMIRROR_TESTS_URL"
	childDep   = "CFMIRROR_TESTS_DEPLOYMENT"
	childUser  = "CFMIRROR_TESTS_USER"
	childToken = "CFMIRROR_TESTS_TOKEN"
	childOut   = "CFMIRROR_TESTS_OUT"
	childState = "CFMIRROR_TESTS_STATE"
	childSpace = "CFMIRROR_TESTS_SPACE"
)

// childMain syncs one space as the job says and returns the exit code:
// 0 on success, 1 on a failed sync.
func childMain() int {
	if err := childSync(); err != nil {
		fmt.Fprintln(os.Stderr, "child sync:", err)
		return 1
	}
	return 0
}

func childSync() error {
	ctx := context.Background()
	c, err := confluence.New(ctx, confluence.Config{
		URL:        os.Getenv(childURL),
		Deployment: confluence.Deployment(os.Getenv(childDep)),
		User:       os.Getenv(childUser),
		Token:      os.Getenv(childToken),
		Logger:     quiet(),
	})
	if err != nil {
		return err
	}
	st, err := store.Open(os.Getenv(childState), store.Options{
		Timeout: 5 * time.Second,
	})
	if err != nil {
		return err
	}
	defer st.Close()
	eng, err := sync.New(c, st, engineOptions(os.Getenv(childOut)))
	if err != nil {
		return err
	}
	_, err = eng.Sync(ctx, os.Getenv(childSpace), false)
	return err
}

// childCmd returns a command that re-runs this test binary as a child
// syncing space into m over the client URL url.
func (e *env) childCmd(m *mirror, url, space string) *exec.Cmd {
	user, token := e.srv.Credentials()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(),
		childEnv+"=1",
		childURL+"="+url,
		childDep+"="+string(e.srv.Deployment()),
		childUser+"="+user,
		childToken+"="+token,
		childOut+"="+m.out,
		childState+"="+m.state,
		childSpace+"="+space,
	)
	return cmd
}
