package analysis

// val is a symbolic value: an address, a hash key or the node a hop picked,
// hash-consed so that equal values compare equal. free means the value may
// change from one request of a session to the next.
type val int32

const (
	free val = -1
	none val = -2 // no value: a header or PROXY line that is absent
)

type valKind uint8

const (
	vClient      valKind = iota + 1 // the client's own address
	vEgressConst                    // the single egress address of a tier (a)
	vEgressOf                       // the egress address of tier (a)'s node (b)
	vOnly                           // the only node of tier (a)
	vHop                            // node picked by mapping (a) from key (b), on sibling (c)
	vCookie                         // node pinned by the cookie of mapping (a)
	vDispatch                       // node handed out by dispatcher tier (a)
	vIdeal                          // counterfactual: hop (a) picks one node per session
	vList                           // list (a) with element (b) appended
	vName                           // a stable per-client value named (a): header, cookie, query
	vConst                          // a value that is the same for every client, named (a)
	vSid                            // the engine.io session id
	vWorker                         // process picked by sticky workers on node (a)
)

type vkey struct {
	kind    valKind
	a, b, c int32
}

// interner hash-conses values and names.
type interner struct {
	vals  map[vkey]val
	keys  []vkey
	names map[string]int32
}

func newInterner() *interner {
	return &interner{vals: map[vkey]val{}, names: map[string]int32{}}
}

func (in *interner) get(k valKind, a, b, c int32) val {
	key := vkey{k, a, b, c}
	if v, ok := in.vals[key]; ok {
		return v
	}
	v := val(len(in.keys))
	in.keys = append(in.keys, key)
	in.vals[key] = v
	return v
}

func (in *interner) name(s string) int32 {
	if id, ok := in.names[s]; ok {
		return id
	}
	id := int32(len(in.names))
	in.names[s] = id
	return id
}

func (in *interner) kind(v val) valKind {
	if v < 0 {
		return 0
	}
	return in.keys[v].kind
}

// perClient reports whether v differs from client to client: it is derived
// from the client's own address or a per-client value.
func (in *interner) perClient(v val) bool {
	if v < 0 {
		return false
	}
	k := in.keys[v]
	switch k.kind {
	case vClient, vName, vSid:
		return true
	case vList:
		return in.perClient(val(k.a)) || in.perClient(val(k.b))
	}
	return false
}

// contains reports whether list value l has element e.
func (in *interner) listHas(l, e val) bool {
	for l >= 0 && in.keys[l].kind == vList {
		k := in.keys[l]
		if val(k.b) == e {
			return true
		}
		l = val(k.a)
	}
	return l == e
}

// listLast returns the last element of list l, or none.
func (in *interner) listLast(l val) val {
	if l < 0 {
		return none
	}
	if in.keys[l].kind == vList {
		return val(in.keys[l].b)
	}
	return l
}

// listStable reports whether every element of l is fixed.
func (in *interner) listStable(l val) bool {
	for l >= 0 && in.keys[l].kind == vList {
		if val(in.keys[l].b) == free {
			return false
		}
		l = val(in.keys[l].a)
	}
	return l != free
}

func (in *interner) appendList(l, e val) val {
	if l == none {
		return e
	}
	return in.get(vList, int32(l), int32(e), 0)
}
