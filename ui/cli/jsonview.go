package cli

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/seats/seats/model"
)

// The JSON commands print is a view of the records, not their stored
// form: the model's JSON tags are the database's and the event log's
// format, and cannot change. The view gives every thing its one public
// name (the same as its flag, with _ for -, and its CSV column), keeps
// every key of an object whether or not it is empty (null for a time
// that has not happened, [] for an empty list), and leaves out internal
// numeric IDs wherever a public key (a name, an email, a license ID)
// stands beside them. `seats help json` is generated from the same
// walk over the same types, so the documentation cannot drift from the
// output.

// jsonRule is what the view does with one stored key.
type jsonRule struct {
	name string // the public name; "" keeps the stored one
	drop bool   // an internal ID with a public key beside it
	// conv turns the stored value into the public one, documented as typ.
	conv func(reflect.Value) any
	typ  string
}

// jsonRules are keyed by "Type.key" for a key of one type, or by "key"
// for every type that has it.
var jsonRules = map[string]jsonRule{
	// One name per thing: the same as the flag and the CSV column.
	"Product.kind":           {name: "assignment"},
	"statusProductJSON.kind": {name: "assignment"},
	"User.kind":              {name: "employment"},
	"User.held":              {name: "licenses"},
	"vat_basis":              {name: "vat_percent", conv: vatPercent, typ: "number"},
	"unit_net":               {name: "net_price"},
	// Internal IDs beside their public keys: the name, the email, the
	// owner's email, the product's name, the license ID.
	"Product.id":            {drop: true},
	"User.id":               {drop: true},
	"Asset.id":              {drop: true},
	"Allocation.id":         {drop: true},
	"Org.owner_id":          {drop: true},
	"Asset.owner_id":        {drop: true},
	"Allocation.product_id": {drop: true},
	"Allocation.user_ids":   {drop: true},
	"Allocation.member_ids": {drop: true},
	"Event.product_id":      {drop: true},
	"Event.user_id":         {drop: true},
	"Event.asset_id":        {drop: true},
	"Event.license_id":      {drop: true},
	// Notifications route by product ID; the product's name stands beside it.
	"Notification.product_id": {drop: true},
	"AlertState.product_id":   {drop: true},
	"Route.product_ids":       {drop: true},
	// An event's range of licenses, as license IDs like the rest.
	"Event.first_license": {conv: licenseCode, typ: "license ID"},
	"Event.last_license":  {conv: licenseCode, typ: "license ID"},
}

func vatPercent(v reflect.Value) any { return json.Number(model.FormatVAT(int(v.Int()))) }

func licenseCode(v reflect.Value) any {
	if v.Uint() == 0 {
		return nil
	}
	return model.LicenseCode(v.Uint())
}

// jsonField is one key of an object in the view.
type jsonField struct {
	key   string
	index []int // into the Go struct, through embedded structs
	depth int
	rule  jsonRule
	typ   reflect.Type
}

var jsonFieldCache sync.Map // reflect.Type → []jsonField

// jsonFields lists the public keys of a struct type in order, flattening
// embedded structs as encoding/json does (the shallower field wins).
func jsonFields(t reflect.Type) []jsonField {
	if fs, ok := jsonFieldCache.Load(t); ok {
		return fs.([]jsonField)
	}
	var out []jsonField
	var walk func(t reflect.Type, index []int, depth int)
	walk = func(t reflect.Type, index []int, depth int) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			idx := append(slices.Clone(index), i)
			name, _, _ := strings.Cut(tag, ",")
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
				walk(f.Type, idx, depth+1)
				continue
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			rule, ok := jsonRules[t.Name()+"."+name]
			if !ok {
				rule = jsonRules[name]
			}
			if rule.drop {
				continue
			}
			key := name
			if rule.name != "" {
				key = rule.name
			}
			jf := jsonField{key: key, index: idx, depth: depth, rule: rule, typ: f.Type}
			if at := slices.IndexFunc(out, func(o jsonField) bool { return o.key == key }); at >= 0 {
				if depth < out[at].depth {
					out[at] = jf
				}
				continue
			}
			out = append(out, jf)
		}
	}
	walk(t, nil, 0)
	jsonFieldCache.Store(t, out)
	return out
}

// jsonObject is an object whose keys keep their order.
type jsonObject []jsonMember

type jsonMember struct {
	key string
	val any
}

func (o jsonObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := encodeCompact(&b, m.key); err != nil {
			return nil, err
		}
		b.WriteByte(':')
		if err := encodeCompact(&b, m.val); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// encodeCompact writes v as JSON without escaping <, > and &, as the
// command's output does.
func encodeCompact(b *bytes.Buffer, v any) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // Encode's newline
	return nil
}

var (
	timeType      = reflect.TypeFor[time.Time]()
	marshalerType = reflect.TypeFor[json.Marshaler]()
)

// publicJSON is v as commands print it (see the top of this file).
func publicJSON(v any) any {
	return publicValue(reflect.ValueOf(v))
}

func publicValue(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	if v.Type() == timeType {
		t := v.Interface().(time.Time)
		if t.IsZero() {
			return nil
		}
		return t
	}
	if v.Type().Implements(marshalerType) && v.Kind() != reflect.Pointer && v.Kind() != reflect.Interface {
		return v.Interface()
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return publicValue(v.Elem())
	case reflect.Struct:
		fs := jsonFields(v.Type())
		out := make(jsonObject, 0, len(fs))
		for _, f := range fs {
			fv := v.FieldByIndex(f.index)
			var val any
			if f.rule.conv != nil {
				val = f.rule.conv(fv)
			} else {
				val = publicValue(fv)
			}
			out = append(out, jsonMember{f.key, val})
		}
		return out
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return v.Interface()
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = publicValue(v.Index(i))
		}
		return out
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		out := make(jsonObject, 0, len(keys))
		for _, k := range keys {
			out = append(out, jsonMember{k.String(), publicValue(v.MapIndex(k))})
		}
		return out
	}
	return v.Interface()
}
