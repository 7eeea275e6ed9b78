package demo

// Names for the generated staff: a mix a European company with offices in
// Amsterdam and Berlin would have.
var firstNames = []string{
	"Aaron", "Ada", "Adam", "Adriana", "Ahmed", "Aisha", "Alba", "Alejandro", "Alex", "Alice",
	"Amira", "Ana", "Anders", "Andrea", "Anna", "Antoine", "Arjun", "Astrid", "Ava", "Ben",
	"Benedikt", "Bianca", "Bram", "Camille", "Carla", "Carlos", "Charlotte", "Chen", "Chiara", "Chloe",
	"Clara", "Daan", "Daniel", "David", "Dimitri", "Elena", "Elif", "Elin", "Elisa", "Emil",
	"Emma", "Eric", "Erik", "Eva", "Fatima", "Felix", "Femke", "Finn", "Florian", "Francesca",
	"Freya", "Gabriel", "Georg", "Greta", "Hana", "Hannah", "Hugo", "Ida", "Ines", "Ingrid",
	"Isabel", "Ivan", "Jan", "Jana", "Jasper", "Javier", "Jonas", "Julia", "Julian", "Karim",
	"Katarina", "Kenji", "Klara", "Lars", "Laura", "Lea", "Leon", "Lena", "Lina", "Lisa",
	"Lotte", "Luca", "Lucas", "Luis", "Maja", "Malik", "Marco", "Maria", "Marie", "Mark",
	"Martin", "Mateo", "Max", "Maya", "Mehmet", "Mia", "Milan", "Mila", "Nadia", "Nico",
	"Nina", "Noah", "Nora", "Oliver", "Olivia", "Omar", "Oscar", "Paul", "Paula", "Pedro",
	"Pia", "Pieter", "Rafael", "Rania", "Rosa", "Ruben", "Sam", "Sara", "Sebastian", "Simon",
	"Sofia", "Sophie", "Stefan", "Sven", "Tara", "Theo", "Thomas", "Tim", "Tomas", "Valentina",
	"Vera", "Victor", "Wei", "Willem", "Yara", "Yusuf", "Zoe", "Zofia",
}

var lastNames = []string{
	"Andersen", "Bakker", "Barros", "Becker", "Bergman", "Bianchi", "Bos", "Brandt", "Bruno", "Castillo",
	"Claes", "Costa", "Dahl", "de Boer", "de Groot", "de Jong", "Dekker", "Dubois", "Eriksson", "Esposito",
	"Falk", "Fernandes", "Fischer", "Fontaine", "Garcia", "Gomez", "Graf", "Hansen", "Hartmann", "Hendriks",
	"Hoffmann", "Holm", "Horvat", "Huber", "Jansen", "Jovanovic", "Kaya", "Keller", "Klein", "Koch",
	"Kovac", "Kowalczyk", "Kraus", "Kuipers", "Lambert", "Lang", "Larsen", "Laurent", "Lehmann", "Lindberg",
	"Lopez", "Maas", "Marino", "Martin", "Meijer", "Meyer", "Moreau", "Mulder", "Muller", "Nielsen",
	"Novak", "Nowak", "Okafor", "Olsen", "Ortiz", "Patel", "Peeters", "Pereira", "Petrov", "Popescu",
	"Quinn", "Ricci", "Richter", "Romano", "Rossi", "Ruiz", "Sahin", "Santos", "Schmidt", "Schneider",
	"Schulz", "Silva", "Smit", "Sorensen", "Suzuki", "Tanaka", "Tran", "van Dam", "van Dijk", "van Leeuwen",
	"Vasquez", "Visser", "Vogel", "Wagner", "Weber", "Willems", "Wolf", "Yilmaz", "Zimmermann", "Zielinski",
}

// The departments of the organization.
const (
	deptManagement  = "Management"
	deptIT          = "IT"
	deptEngineering = "Engineering"
	deptSales       = "Sales"
	deptMarketing   = "Marketing"
	deptFinance     = "Finance"
	deptSupport     = "Support"
	deptHR          = "HR"
)

// Office locations.
const (
	locAmsterdam = "Amsterdam HQ"
	locBerlin    = "Berlin office"
	locRemote    = "Remote"
	locDC        = "Amsterdam data centre (rack B4)"
	locStorage   = "Amsterdam HQ, IT storage"
)

// Computer models by kind: name prefix, type, model, serial pattern.
type machine struct {
	prefix, typ, model, vendor string
}

var (
	windowsLaptops = []machine{
		{"NW-LT", "Laptop", "Dell Latitude 7440", "dell"},
		{"NW-LT", "Laptop", "Lenovo ThinkPad T14 Gen 4", "lenovo"},
		{"NW-LT", "Laptop", "HP EliteBook 840 G10", "hp"},
	}
	macLaptop = machine{"NW-MB", "Laptop", "Apple MacBook Pro 14 (M3 Pro)", "apple"}
	desktops  = []machine{
		{"NW-DT", "Desktop", "HP EliteDesk 800 G9", "hp"},
		{"NW-DT", "Desktop", "Dell OptiPlex 7010", "dell"},
	}
	server = machine{"NW-SRV", "Server", "Dell PowerEdge R650", "dell"}
)

// serial renders a plausible serial number for a vendor.
func (g *gen) serial(vendor string) string {
	switch vendor {
	case "dell":
		return g.code(7, upperDigits) // service tag
	case "lenovo":
		return "PF" + g.code(6, upperDigits)
	case "hp":
		return "5CG" + g.code(7, upperDigits)
	case "apple":
		return "C02" + g.code(9, upperDigits)
	}
	return g.code(10, upperDigits)
}
