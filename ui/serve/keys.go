package serve

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"sync"

	"github.com/charmbracelet/ssh"
	"github.com/seats/seats/model"
	gossh "golang.org/x/crypto/ssh"
)

// authorizedKeys is the admins' OpenSSH authorized_keys file. It is read
// again whenever it changed on disk, at every authentication and every
// action, so that a key removed from it stops working at once. It only
// answers which email a key belongs to; what that user may do is Seats'
// own user records' to say.
type authorizedKeys struct {
	path string
	mu   sync.Mutex
	// stamp is the file's size and modification time when last read.
	stamp string
	// reads counts the times the file was read, so a watcher can tell a
	// change someone else's call already picked up.
	reads    uint64
	byKey    map[string]string // marshalled public key → email
	problems []string          // lines that were skipped, for the log
}

func newAuthorizedKeys(path string) (*authorizedKeys, error) {
	k := &authorizedKeys{path: path}
	if _, err := k.current(); err != nil {
		return nil, err
	}
	return k, nil
}

// current rereads the file when it changed and returns its keys.
func (k *authorizedKeys) current() (map[string]string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	info, err := os.Stat(k.path)
	if err != nil {
		return nil, fmt.Errorf("authorized keys: %w", err)
	}
	stamp := fmt.Sprint(info.Size(), info.ModTime().UnixNano(), info.Mode())
	if stamp == k.stamp {
		return k.byKey, nil
	}
	data, err := os.ReadFile(k.path)
	if err != nil {
		return nil, fmt.Errorf("authorized keys: %w", err)
	}
	k.byKey, k.problems = parseAuthorizedKeys(data)
	k.stamp = stamp
	k.reads++
	return k.byKey, nil
}

// parseAuthorizedKeys reads OpenSSH's format; a line is one key whose
// comment is the Seats user's email. Lines with options are refused:
// this server honours none of them, and an ignored restriction is worse
// than a refused key.
func parseAuthorizedKeys(data []byte) (map[string]string, []string) {
	byKey := map[string]string{}
	var problems []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		key, comment, options, _, err := gossh.ParseAuthorizedKey(line)
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("line %d: not a public key", n))
			continue
		case len(options) > 0:
			problems = append(problems, fmt.Sprintf("line %d: options are not supported", n))
			continue
		}
		email, err := model.NormalizeEmail(comment)
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: the comment must be the user's email", n))
			continue
		}
		if _, dup := byKey[string(key.Marshal())]; !dup {
			byKey[string(key.Marshal())] = email
		}
	}
	return byKey, problems
}

// email is the user a key belongs to, if the file lists it now.
func (k *authorizedKeys) email(key ssh.PublicKey) (string, bool) {
	if key == nil {
		return "", false
	}
	byKey, err := k.current()
	if err != nil {
		return "", false
	}
	e, ok := byKey[string(key.Marshal())]
	return e, ok
}

// version rereads the file when it changed and says how many times it has
// been read: a new number means the keys may have changed.
func (k *authorizedKeys) version() uint64 {
	k.current()
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.reads
}

// fingerprint is how a key is named in the log.
func fingerprint(key ssh.PublicKey) string {
	if key == nil {
		return ""
	}
	return gossh.FingerprintSHA256(key)
}
