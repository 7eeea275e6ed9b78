package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/activity"
	"github.com/seats/seats/ui/tui/allocations"
	"github.com/seats/seats/ui/tui/assets"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/dashboard"
	"github.com/seats/seats/ui/tui/licenses"
	"github.com/seats/seats/ui/tui/products"
	"github.com/seats/seats/ui/tui/settings"
	"github.com/seats/seats/ui/tui/users"
)

// Options configure one session of the UI.
type Options struct {
	// Actor is the acting user's email ("" = the account owner).
	Actor string
	// Input and Output default to the process's terminal; an SSH session
	// passes its channel.
	Input  io.Reader
	Output io.Writer
	// Renderer decides colours (nil: lipgloss's default, which honours
	// NO_COLOR through the environment).
	Renderer *lipgloss.Renderer
	// Theme is "light" or "dark" to override what the terminal says of its
	// background; "" or "auto" follows $COLORFGBG when it is set (inside
	// tmux or screen the terminal cannot be asked), else asks.
	Theme string
	// Getenv reads the session's environment (nil: os.Getenv).
	Getenv func(string) string
	// Context ends the program when it is done (an SSH session closing).
	Context context.Context
	// Live says that someone else tells this program of changes (serve's
	// hub, through Changed messages): it then does not look for them.
	Live bool
	// Snapshots shares loaded rows among the sessions of one process
	// (serve); nil: the session loads its own.
	Snapshots *common.Snapshots
	// Listen, when set, calls changed whenever another process commits
	// (PostgreSQL's NOTIFY), until ctx ends: the UI looks at once
	// instead of at its next poll.
	Listen func(ctx context.Context, changed func()) error
	// NoSignals leaves SIGINT and friends alone: serve runs many programs
	// in one process, which handles its own signals.
	NoSignals bool
}

// NewApp builds the root model with the eight tabs, for Run and for tests.
func NewApp(ctx *common.Context) *App {
	return New(ctx, []common.Tab{
		dashboard.New(ctx),
		licenses.New(ctx),
		users.New(ctx),
		assets.New(ctx),
		products.New(ctx),
		allocations.New(ctx),
		activity.New(ctx),
		settings.New(ctx),
	})
}

// NewProgram builds the program of one session. A refused actor (unknown
// or terminated) is an error before the screen changes.
func NewProgram(svc *model.Service, opts Options) (*tea.Program, error) {
	actor, err := svc.ResolveActor(opts.Actor)
	if err != nil {
		return nil, err
	}
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	ctx := common.NewContext(svc, actor, colours(opts.Renderer, opts.Theme, getenv))
	ctx.Snapshots = opts.Snapshots
	app := NewApp(ctx)
	app.live = opts.Live
	popts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithMouseCellMotion()}
	if opts.Input != nil {
		popts = append(popts, tea.WithInput(opts.Input))
	}
	if opts.Output != nil {
		popts = append(popts, tea.WithOutput(opts.Output))
	}
	if opts.Context != nil {
		popts = append(popts, tea.WithContext(opts.Context))
	}
	if opts.NoSignals {
		popts = append(popts, tea.WithoutSignalHandler())
	}
	return tea.NewProgram(app, popts...), nil
}

// Run shows the UI until the user quits.
func Run(svc *model.Service, opts Options) error {
	p, err := NewProgram(svc, opts)
	if err != nil {
		return err
	}
	if opts.Listen != nil {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		kick := make(chan struct{}, 1)
		go opts.Listen(ctx, func() {
			select {
			case kick <- struct{}{}:
			default:
			}
		})
		// p.Send waits for the program, so it waits here, never in the
		// listener.
		go func() {
			for {
				select {
				case <-ctx.Done():
					return
				case <-kick:
					p.Send(kickMsg{})
				}
			}
		}()
	}
	return explain(p.Run())
}

// explain turns the program's end into what a user is told.
func explain(_ tea.Model, err error) error {
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		return fmt.Errorf("the terminal UI stopped after an internal error; the database is unchanged by it")
	case errors.Is(err, tea.ErrProgramKilled), errors.Is(err, context.Canceled):
		return nil
	}
	return err
}

// colours is the session's renderer: NO_COLOR (set to anything) draws
// without colour, as https://no-color.org asks; theme light or dark sets
// the background the palette is chosen for.
func colours(r *lipgloss.Renderer, theme string, getenv func(string) string) *lipgloss.Renderer {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	if getenv("NO_COLOR") != "" {
		r.SetColorProfile(termenv.Ascii)
	}
	switch theme {
	case "light":
		r.SetHasDarkBackground(false)
	case "dark":
		r.SetHasDarkBackground(true)
	default:
		if dark, ok := colorFGBG(getenv("COLORFGBG")); ok {
			r.SetHasDarkBackground(dark)
		}
	}
	return r
}

// colorFGBG reads $COLORFGBG ("15;0": white on black), which rxvt, Konsole
// and others set and tmux passes on: its last field is the background's
// colour number; 7 and 9–15 are light.
func colorFGBG(v string) (dark, ok bool) {
	f := strings.Split(v, ";")
	bg, err := strconv.Atoi(f[len(f)-1])
	if v == "" || err != nil || bg < 0 || bg > 15 {
		return false, false
	}
	return bg != 7 && bg < 9, true
}
