package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// CredentialName is the systemd credential (LoadCredential=NAME:...) read
// as the token when the file names none.
const CredentialName = "token"

// Load reads, parses and validates the configuration file at path.
// Relative paths in the file are resolved against the file's directory.
func Load(path string) (Config, error) {
	return load(path, true)
}

// LoadWithoutToken is Load for commands that may reach Confluence only
// through a running daemon, which holds the token itself. A missing or
// unreadable token is no error here: call RequireToken before building
// a Confluence client from the result.
func LoadWithoutToken(path string) (Config, error) {
	return load(path, false)
}

func load(path string, needToken bool) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("read config: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return Config{}, fmt.Errorf("resolve config path: %w", err)
	}
	c, err := parse(data, filepath.Dir(abs), needToken)
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// Parse parses and validates a configuration. It expands ${VAR} from the
// environment, reads the token file or systemd credential, and leaves
// relative paths relative to the working directory.
func Parse(data []byte) (Config, error) {
	return parse(data, "", true)
}

// parse builds a Config from data. Without needToken a problem with the
// token is kept for RequireToken instead of failing the parse.
func parse(data []byte, dir string, needToken bool) (Config, error) {
	c, err := decode(data)
	if err != nil {
		return Config{}, err
	}
	if err := c.expand(); err != nil {
		return Config{}, err
	}
	c.normalise()
	c.resolvePaths(dir)
	err = c.expandToken()
	if err == nil {
		err = c.readToken()
	}
	if err != nil && needToken {
		return Config{}, err
	}
	c.tokenErr = err
	if err := c.validate(needToken); err != nil {
		return Config{}, err
	}
	return c, nil
}

// decode reads YAML over the defaults and refuses unknown keys.
func decode(data []byte) (Config, error) {
	c := Default()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)

	err := dec.Decode(&c)
	if errors.Is(err, io.EOF) {
		return c, nil // an empty file: defaults only
	}
	if err != nil {
		return Config{}, yamlError(err)
	}
	return c, nil
}

var notFound = regexp.MustCompile(
	`field (\S+) not found in type \S+`)

// yamlError rewrites the decoder's type names into the file's vocabulary.
func yamlError(err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return fmt.Errorf("parse yaml: %w", err)
	}
	msgs := make([]string, len(te.Errors))
	for i, m := range te.Errors {
		m = notFound.ReplaceAllString(m, `unknown key "$1"`)
		m = strings.ReplaceAll(m, "time.Duration", "duration (e.g. 30s)")
		msgs[i] = m
	}
	return fmt.Errorf("parse yaml: %s", strings.Join(msgs, "; "))
}

var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// expandEnv replaces every ${VAR} in s; an unset variable is an error
// naming key, so a missing secret is not silently empty.
func expandEnv(key, s string) (string, error) {
	var missing string
	out := envRef.ReplaceAllStringFunc(s, func(ref string) string {
		name := ref[2 : len(ref)-1]
		v, ok := os.LookupEnv(name)
		if !ok && missing == "" {
			missing = name
		}
		return v
	})
	if missing != "" {
		return "", fmt.Errorf("%s: environment variable %s is not set",
			key, missing)
	}
	return out, nil
}

// setting names one string field of a Config by its key.
type setting struct {
	key string
	p   *string
}

// expand applies expandEnv to every string setting.
func (c *Config) expand() error {
	fields := []setting{
		{"confluence.url", &c.Confluence.URL},
		{"confluence.deployment", &c.Confluence.Deployment},
		{"confluence.user", &c.Confluence.User},
		{"confluence.token-file", &c.Confluence.TokenFile},
		{"output", &c.Output},
		{"state", &c.State},
		{"schedule", &c.Schedule},
		{"timezone", &c.Timezone},
		{"jira-url", &c.JiraURL},
		{"listen", &c.Listen},
		{"control-socket", &c.ControlSocket},
	}
	for i := range c.Spaces {
		key := fmt.Sprintf("spaces[%d]", i)
		fields = append(fields, setting{key, &c.Spaces[i]})
	}
	for i := range c.OnChange {
		key := fmt.Sprintf("on-change[%d]", i)
		fields = append(fields, setting{key, &c.OnChange[i]})
	}
	for _, f := range fields {
		v, err := expandEnv(f.key, *f.p)
		if err != nil {
			return err
		}
		*f.p = v
	}
	for k, v := range c.FrontMatter.Extra {
		v, err := expandEnv("front-matter.extra."+k, v)
		if err != nil {
			return err
		}
		c.FrontMatter.Extra[k] = v
	}
	return nil
}

// expandToken applies expandEnv to the token, apart from the other
// settings because a command may do without it.
func (c *Config) expandToken() error {
	v, err := expandEnv("confluence.token", c.Confluence.Token)
	if err != nil {
		c.Confluence.Token = ""
		return err
	}
	c.Confluence.Token = v
	return nil
}

// normalise gives settings written two ways one meaning: an empty
// front-matter.fields list means all fields, as leaving it out does.
func (c *Config) normalise() {
	if len(c.FrontMatter.Fields) == 0 {
		c.FrontMatter.Fields = nil
	}
}

// resolvePaths makes relative file paths relative to dir.
func (c *Config) resolvePaths(dir string) {
	if dir == "" {
		return
	}
	for _, p := range []*string{
		&c.Output, &c.State, &c.ControlSocket, &c.Confluence.TokenFile,
	} {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(dir, *p)
		}
	}
}

// readToken fills Token from token-file or the systemd credential.
func (c *Config) readToken() error {
	cf := &c.Confluence
	if cf.Token != "" && cf.TokenFile != "" {
		return errors.New(
			"confluence: set token or token-file, not both")
	}
	if cf.Token != "" {
		return nil
	}

	path := cf.TokenFile
	key := "confluence.token-file"
	if path == "" {
		dir := os.Getenv("CREDENTIALS_DIRECTORY")
		if dir == "" {
			return nil
		}
		path = filepath.Join(dir, CredentialName)
		key = "systemd credential " + CredentialName
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil
		}
	}

	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%s: read token: %w", key, err)
	}
	cf.Token = strings.TrimSpace(string(data))
	if cf.Token == "" {
		return fmt.Errorf("%s: %s is empty", key, path)
	}
	return nil
}

func trimExt(path string) string {
	return strings.TrimSuffix(path, filepath.Ext(path))
}
