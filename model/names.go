package model

import (
	"cmp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CompareNames orders names as a person would: ignoring case and
// accents, digit runs by value ("PC-4" before "PC-10"), and still a total
// order (names equal but for case or zeros compare as bytes). Lists the
// domain hands out and the UI's tables sort by it.
func CompareNames(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ca, cb := a[i], b[j]
		if isDigit(ca) && isDigit(cb) {
			ei, ej := i, j
			for ei < len(a) && isDigit(a[ei]) {
				ei++
			}
			for ej < len(b) && isDigit(b[ej]) {
				ej++
			}
			da := strings.TrimLeft(a[i:ei], "0")
			db := strings.TrimLeft(b[j:ej], "0")
			if c := cmp.Compare(len(da), len(db)); c != 0 {
				return c
			}
			if c := strings.Compare(da, db); c != 0 {
				return c
			}
			i, j = ei, ej
			continue
		}
		ra, na := rune(ca), 1
		if ca >= utf8.RuneSelf {
			ra, na = utf8.DecodeRuneInString(a[i:])
		}
		rb, nb := rune(cb), 1
		if cb >= utf8.RuneSelf {
			rb, nb = utf8.DecodeRuneInString(b[j:])
		}
		if ra != rb {
			la, lb := fold(ra), fold(rb)
			if la != lb {
				return cmp.Compare(la, lb)
			}
		}
		i += na
		j += nb
	}
	if c := cmp.Compare(len(a)-i, len(b)-j); c != 0 {
		return c
	}
	return strings.Compare(a, b) // equal but for case or zeros: still a total order
}

// latin maps U+00C0…U+017F to their base letters ('.': no base letter).
const latin = "aaaaaaaceeeeiiiidnooooo.ouuuuy.s" + "aaaaaaaceeeeiiiidnooooo.ouuuuy.y" +
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrsssssssstttttt" +
	"uuuuuuuuuuuuwwyyyzzzzzzs"

// fold is a rune's sort key: lower case, Latin letters without accents
// ("Émile" sorts with "emile", before "zoë").
func fold(r rune) rune {
	if r >= 0xC0 && r <= 0x17F {
		if b := latin[r-0xC0]; b != '.' {
			return rune(b)
		}
	}
	return unicode.ToLower(r)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
