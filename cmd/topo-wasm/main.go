//go:build js && wasm

// Command topo-wasm is topo for the browser playground (web/): built with
// GOOS=js GOARCH=wasm, it sets the JavaScript global topo to an object
// with run(name, source) (the JSON of playground.Run) and examples() (the
// JSON of playground.Examples), zip(name, source, target) (the base64
// of playground.Zip, or "" when the target cannot render it) and
// explain(rule) (playground.Explain), then waits for calls.
package main

import (
	"encoding/base64"
	"encoding/json"
	"syscall/js"

	"github.com/topolint/topo/playground"
)

func main() {
	run := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 2 {
			return `{"error":"run(name, source)"}`
		}
		b, err := json.Marshal(playground.Run(args[0].String(), args[1].String()))
		if err != nil {
			return `{"error":"internal error"}`
		}
		return string(b)
	})
	examples := js.FuncOf(func(js.Value, []js.Value) any {
		b, _ := json.Marshal(playground.Examples())
		return string(b)
	})
	zipFn := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 3 {
			return ""
		}
		b, err := playground.Zip(args[0].String(), args[1].String(), args[2].String())
		if err != nil {
			return ""
		}
		return base64.StdEncoding.EncodeToString(b)
	})
	explain := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 1 {
			return ""
		}
		return playground.Explain(args[0].String())
	})
	topo := js.Global().Get("Object").New()
	topo.Set("explain", explain)
	topo.Set("zip", zipFn)
	topo.Set("run", run)
	topo.Set("examples", examples)
	js.Global().Set("topo", topo)
	js.Global().Call("dispatchEvent", js.Global().Get("Event").New("topo-ready"))
	select {}
}
