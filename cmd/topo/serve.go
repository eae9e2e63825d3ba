package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
)

// siteFS is the playground embedded in the binary (built with -tags
// playground, see site_embed.go); nil otherwise.
var siteFS fs.FS

func newServeCmd() *cobra.Command {
	var addr, dir string
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the browser playground locally",
		Long: `serve serves the browser playground (topo compiled to WebAssembly and the page) on --addr
until interrupted: the one embedded in this binary when it was built with -tags playground (after
scripts/build-web.sh cmd/topo/site), else the one scripts/build-web.sh built into --dir. Everything
runs in the browser: the page makes no call to this server but to load itself.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			site := siteFS
			if site == nil || c.Flags().Changed("dir") {
				if _, err := os.Stat(filepath.Join(dir, "topo.wasm")); err != nil {
					return fail(ExitError, "%s holds no built playground (topo.wasm): run scripts/build-web.sh %s first", dir, dir)
				}
				site = os.DirFS(dir)
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fail(ExitError, "%v", err)
			}
			srv := &http.Server{Handler: playgroundHandler(site), ReadHeaderTimeout: 5 * time.Second}
			fmt.Fprintf(c.ErrOrStderr(), "topo: the playground is at http://%s/ (Ctrl-C stops it)\n", ln.Addr())
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt)
			defer stop()
			go func() {
				<-ctx.Done()
				shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				defer cancel()
				_ = srv.Shutdown(shut)
			}()
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return fail(ExitError, "%v", err)
			}
			return nil
		},
	}
	c.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "the address to listen on")
	c.Flags().StringVar(&dir, "dir", filepath.Join("web", "dist"), "the built playground")
	return c
}

// playgroundHandler serves the files of site, with the WebAssembly type
// browsers need to compile topo.wasm as it streams.
func playgroundHandler(site fs.FS) http.Handler {
	files := http.FileServerFS(site)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if filepath.Ext(r.URL.Path) == ".wasm" {
			w.Header().Set("Content-Type", "application/wasm")
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	})
}
