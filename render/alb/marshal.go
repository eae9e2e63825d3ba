package alb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Marshal encodes v as compact JSON the way the AWS APIs spell their inputs:
// the aws-sdk-go-v2 structs carry no json tags, so each exported field is
// written under its Go name, which is the API member name ("ListenerArn",
// "Conditions", "QueryStringConfig"). Fields that are nil, empty or zero are
// left out, so no null appears and each piece is what
// `aws elbv2 ... --cli-input-json` and the SDK's own types accept.
//
// Structs of this package use json tags instead: a tagged field is written
// under its tag name and always present (a nil slice as []), unless the tag
// says omitempty. Map keys are sorted, so the output is deterministic.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := encode(&buf, reflect.ValueOf(v)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// MarshalIndent is Marshal with two-space indentation and a final newline.
func MarshalIndent(v any) ([]byte, error) {
	compact, err := Marshal(v)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, compact, "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

func encode(buf *bytes.Buffer, v reflect.Value) error {
	if !v.IsValid() {
		buf.WriteString("null")
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		return encode(buf, v.Elem())
	case reflect.Struct:
		return encodeStruct(buf, v)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return fmt.Errorf("alb: cannot encode %s: byte slices are not part of the ELBv2 API", v.Type())
		}
		buf.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := encode(buf, v.Index(i)); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
		return nil
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return fmt.Errorf("alb: cannot encode %s: map keys must be strings", v.Type())
		}
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		buf.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeString(buf, k.String())
			buf.WriteByte(':')
			if err := encode(buf, v.MapIndex(k)); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
		return nil
	case reflect.String:
		writeString(buf, v.String())
		return nil
	case reflect.Bool:
		buf.WriteString(strconv.FormatBool(v.Bool()))
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		buf.WriteString(strconv.FormatInt(v.Int(), 10))
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		buf.WriteString(strconv.FormatUint(v.Uint(), 10))
		return nil
	case reflect.Float32, reflect.Float64:
		b, err := json.Marshal(v.Interface())
		if err != nil {
			return err
		}
		buf.Write(b)
		return nil
	}
	return fmt.Errorf("alb: cannot encode a value of type %s", v.Type())
}

func encodeStruct(buf *bytes.Buffer, v reflect.Value) error {
	t := v.Type()
	buf.WriteByte('{')
	n := 0
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			// noSmithyDocumentSerde and other unexported members.
			continue
		}
		name := f.Name
		always := false
		if tag, ok := f.Tag.Lookup("json"); ok {
			tagName, opts, _ := strings.Cut(tag, ",")
			if tagName == "-" {
				continue
			}
			if tagName != "" {
				name = tagName
			}
			always = !strings.Contains(","+opts+",", ",omitempty,")
		}
		fv := v.Field(i)
		if !always && empty(fv) {
			continue
		}
		if n > 0 {
			buf.WriteByte(',')
		}
		n++
		writeString(buf, name)
		buf.WriteByte(':')
		if always && (fv.Kind() == reflect.Slice) && fv.IsNil() {
			buf.WriteString("[]")
			continue
		}
		if err := encode(buf, fv); err != nil {
			return fmt.Errorf("%s.%s: %w", t.Name(), f.Name, err)
		}
	}
	buf.WriteByte('}')
	return nil
}

// empty reports whether a field is left out: nil, an empty slice, map or
// string (an unset SDK enum), or a zero number or false. A pointer to a zero
// value is not empty: the SDK uses pointers for values that are set.
func empty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	case reflect.Slice, reflect.Map, reflect.String, reflect.Array:
		return v.Len() == 0
	case reflect.Struct:
		return false
	}
	return v.IsZero()
}

// writeString writes s as a JSON string without HTML escaping, so that
// placeholders and patterns stay readable.
func writeString(buf *bytes.Buffer, s string) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	buf.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}
