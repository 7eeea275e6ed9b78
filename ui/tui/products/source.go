package products

import (
	"cmp"
	"strconv"
	"strings"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/table"
)

// Columns, in the order the table shows them.
const (
	colName = iota
	colKind
	colType
	colContracted
	colAssigned
	colAvailable
	colPeriod
	colNet
	colVAT
	colGross
	colExpires
	colSupport
	colPolicy
	colVendor
	colKeys
)

// columns drop by priority (the highest first) when the terminal is
// narrow; the details pane under the table shows every field of the
// selected product, so nothing is lost.
var columns = []table.Column{
	colName:       {Title: "Name", Width: 24, Min: 22, Flex: true},
	colKind:       {Title: "Assignment", Width: 10, Min: 10, Priority: 2},
	colType:       {Title: "Type", Width: 12, Min: 12, Priority: 8},
	colContracted: {Title: "Contr.", Width: 6, Min: 6, Right: true},
	colAssigned:   {Title: "Assig.", Width: 6, Min: 6, Right: true},
	colAvailable:  {Title: "Avail.", Width: 6, Min: 6, Right: true},
	colPeriod:     {Title: "Period", Width: 7, Min: 7, Priority: 5},
	colNet:        {Title: "Net", Width: 9, Min: 8, Priority: 6, Right: true},
	colVAT:        {Title: "VAT %", Width: 5, Min: 5, Priority: 7, Right: true},
	colGross:      {Title: "Gross", Width: 9, Min: 8, Priority: 1, Right: true},
	colExpires:    {Title: "Expires", Width: 10, Min: 10, Priority: 3},
	colSupport:    {Title: "Support", Width: 10, Min: 10, Priority: 10},
	colPolicy:     {Title: "Policy", Width: 9, Min: 9, Priority: 4},
	colVendor:     {Title: "Vendor", Width: 16, Min: 12, Priority: 9, Flex: true},
	colKeys:       {Title: "Keys", Width: 8, Min: 8, Priority: 11},
}

// source is the products of one load. Products are few (tens, hundreds),
// so filtering compares every row's text.
type source struct {
	ps       []model.ProductStatus
	currency string
	text     []string // each row's searchable text, lower case
}

var _ table.Source = (*source)(nil)

func newSource(sum model.Summary) *source {
	s := &source{ps: sum.Products, currency: sum.Org.Currency}
	for _, p := range s.ps {
		s.text = append(s.text, strings.ToLower(strings.Join([]string{p.Name, p.Software, p.Vendor, p.LicenseType,
			string(p.Kind), string(p.Period), string(p.Policy), p.OrgUnit, p.Location, p.Invoice, p.Serial, p.Inventory}, "\x00")))
	}
	return s
}

func (s *source) Len() int          { return len(s.ps) }
func (s *source) ID(row int) uint64 { return s.ps[row].ID }

func (s *source) Cell(row, col int) string {
	p := &s.ps[row]
	switch col {
	case colName:
		return p.Name
	case colKind:
		return string(p.Kind)
	case colType:
		return p.LicenseType
	case colContracted:
		return strconv.Itoa(p.Contracted)
	case colAssigned:
		return strconv.Itoa(p.Active)
	case colAvailable:
		return strconv.Itoa(p.Available)
	case colPeriod:
		return string(p.Period)
	case colNet:
		return p.NetPrice.Format(s.currency)
	case colVAT:
		return model.FormatVAT(p.VATBasis)
	case colGross:
		return p.GrossPrice().Format(s.currency)
	case colExpires:
		return string(p.Expires)
	case colSupport:
		return string(p.SupportUntil)
	case colPolicy:
		return string(p.Policy)
	case colVendor:
		return p.Vendor
	case colKeys:
		return p.MaskedKeys() // revealed only in the details pane
	}
	return ""
}

func (s *source) Filter(query string) []int32 {
	q := strings.ToLower(strings.TrimSpace(query))
	out := []int32{}
	for i, t := range s.text {
		if strings.Contains(t, q) {
			out = append(out, int32(i))
		}
	}
	return out
}

// Compare orders numbers as numbers and text case-insensitively; ties by name.
func (s *source) Compare(a, b, col int) int {
	x, y := &s.ps[a], &s.ps[b]
	var c int
	switch col {
	case colContracted:
		c = cmp.Compare(x.Contracted, y.Contracted)
	case colAssigned:
		c = cmp.Compare(x.Active, y.Active)
	case colAvailable:
		c = cmp.Compare(x.Available, y.Available)
	case colNet:
		c = cmp.Compare(x.NetPrice, y.NetPrice)
	case colVAT:
		c = cmp.Compare(x.VATBasis, y.VATBasis)
	case colGross:
		c = cmp.Compare(x.GrossPrice(), y.GrossPrice())
	case colExpires, colSupport:
		// Products without a date sort after those with one.
		c = cmpDate(model.Date(s.Cell(a, col)), model.Date(s.Cell(b, col)))
	default:
		c = cmp.Compare(strings.ToLower(s.Cell(a, col)), strings.ToLower(s.Cell(b, col)))
	}
	if c != 0 {
		return c
	}
	return cmp.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name))
}

func cmpDate(a, b model.Date) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	return cmp.Compare(a, b)
}
