"""Synthetic names for generated people: deterministic for a given random generator.

The lists mix names common in the United States across generations and backgrounds, so a
statewide staff list reads like a real one. No Faker at run time: the generator must give the
same people for the same seed, whatever version of a third-party package is installed.
"""

from __future__ import annotations

import random
import re
import unicodedata

FIRST_NAMES: tuple[str, ...] = (
    "Aaliyah", "Aaron", "Abigail", "Adam", "Adrian", "Aisha", "Alan", "Alberto", "Alexis",
    "Alicia", "Allison", "Amanda", "Amber", "Amir", "Amy", "Ana", "Andre", "Andrea", "Angela",
    "Anthony", "Antonio", "April", "Ashley", "Austin", "Barbara", "Benjamin", "Beth", "Brandon",
    "Brenda", "Brian", "Brittany", "Caleb", "Cameron", "Carla", "Carlos", "Carmen", "Caroline",
    "Cassandra", "Catherine", "Chloe", "Christina", "Christopher", "Cindy", "Claire", "Cody",
    "Connor", "Courtney", "Crystal", "Cynthia", "Daniel", "Danielle", "Darius", "David", "Deborah",
    "Derek", "Destiny", "Devin", "Diana", "Diego", "Dominic", "Donna", "Dylan", "Eduardo", "Elena",
    "Elijah", "Elizabeth", "Ellen", "Emily", "Emma", "Eric", "Erica", "Ethan", "Eva", "Evan",
    "Fatima", "Felicia", "Gabriel", "Gabriela", "Gina", "Gloria", "Grace", "Gregory", "Hailey",
    "Hannah", "Heather", "Hector", "Helen", "Holly", "Hunter", "Ian", "Imani", "Isaac", "Isabel",
    "Jacob", "Jada", "Jamal", "James", "Jasmine", "Jason", "Javier", "Jenna", "Jennifer", "Jeremy",
    "Jessica", "Joanna", "Joel", "John", "Jonathan", "Jordan", "Jose", "Joseph", "Joshua", "Joy",
    "Juan", "Julia", "Julian", "Justin", "Kaitlyn", "Karen", "Katherine", "Kayla", "Keisha",
    "Kelly", "Kenji", "Kevin", "Kimberly", "Kyle", "Latoya", "Laura", "Lauren", "Leah", "Leon",
    "Linda", "Lisa", "Logan", "Lucas", "Lucia", "Luis", "Madison", "Malik", "Marcus", "Maria",
    "Marisa", "Mark", "Marcy", "Matthew", "Maya", "Megan", "Melissa", "Michael", "Michelle",
    "Miguel", "Monica", "Morgan", "Nadia", "Naomi", "Natalie", "Nathan", "Nicole", "Noah",
    "Olivia", "Omar", "Pamela", "Patricia", "Patrick", "Paul", "Priya", "Rachel", "Rafael",
    "Rebecca", "Ricardo", "Robert", "Rosa", "Ryan", "Samantha", "Samuel", "Sandra", "Sara",
    "Scott", "Sean", "Shannon", "Sharon", "Sophia", "Stephanie", "Steven", "Susan", "Tamara",
    "Tanya", "Taylor", "Teresa", "Thomas", "Tiffany", "Timothy", "Tyler", "Valerie", "Vanessa",
    "Victor", "Victoria", "Wei", "Wendy", "William", "Xavier", "Yolanda", "Yusuf", "Zachary",
    "Zoe",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Adams", "Ahmed", "Alexander", "Allen", "Alvarez", "Anderson", "Armstrong", "Bailey", "Baker",
    "Banks", "Barnes", "Bauer", "Becker", "Bell", "Bennett", "Bishop", "Black", "Boyd", "Bradley",
    "Brennan", "Brooks", "Brown", "Bryant", "Burke", "Butler", "Campbell", "Carlson", "Carter",
    "Castillo", "Chan", "Chapman", "Chavez", "Chen", "Clark", "Cole", "Coleman", "Collins", "Cook",
    "Cooper", "Cruz", "Cunningham", "Daniels", "Davis", "Delgado", "Diaz", "Dixon", "Douglas",
    "Duncan", "Dunn", "Edwards", "Ellis", "Evans", "Fischer", "Fisher", "Fleming", "Flores",
    "Ford", "Foster", "Fox", "Freeman", "Garcia", "Gardner", "Gibson", "Gomez", "Gonzalez",
    "Gordon", "Graham", "Grant", "Gray", "Green", "Griffin", "Gupta", "Hall", "Hamilton", "Hansen",
    "Harper", "Harris", "Hart", "Hayes", "Henderson", "Hernandez", "Hill", "Hoffman", "Holmes",
    "Howard", "Hughes", "Hunt", "Jackson", "James", "Jenkins", "Jensen", "Johnson", "Jones",
    "Jordan", "Kaur", "Keller", "Kelly", "Kennedy", "Khan", "Kim", "King", "Klein", "Knight",
    "Koch", "Kowalski", "Kraus", "Lambert", "Lawrence", "Lee", "Lewis", "Lin", "Long", "Lopez",
    "Lucas", "Marshall", "Martin", "Martinez", "Mason", "Matthews", "Mayer", "McCarthy",
    "McDonald", "Medina", "Mendoza", "Meyer", "Miller", "Mills", "Mitchell", "Moore", "Morales",
    "Morgan", "Morris", "Murphy", "Murray", "Myers", "Nelson", "Nguyen", "Nichols", "Novak",
    "O'Brien", "O'Connor", "Olson", "Ortiz", "Owens", "Palmer", "Park", "Parker", "Patel",
    "Patterson", "Perez", "Perry", "Peters", "Peterson", "Phillips", "Pierce", "Porter", "Powell",
    "Price", "Quinn", "Ramirez", "Ramos", "Reed", "Reyes", "Reynolds", "Rice", "Richardson",
    "Riley", "Rivera", "Roberts", "Robinson", "Rodriguez", "Rogers", "Ross", "Russell", "Ryan",
    "Sanchez", "Sanders", "Schmidt", "Schneider", "Schultz", "Scott", "Shah", "Shaw", "Simmons",
    "Simpson", "Singh", "Smith", "Snyder", "Spencer", "Stewart", "Stone", "Sullivan", "Taylor",
    "Thomas", "Thompson", "Torres", "Tran", "Tucker", "Turner", "Vargas", "Wagner", "Walker",
    "Wallace", "Walsh", "Ward", "Warren", "Washington", "Watson", "Weaver", "Weber", "Webb",
    "Wells", "West", "White", "Williams", "Wilson", "Wood", "Wright", "Yang", "Young", "Zimmerman",
)  # fmt: skip


def synthetic_name(rng: random.Random) -> tuple[str, str]:
    """A (first, last) name drawn from the lists."""
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def email_local_part(first: str, last: str) -> str:
    """'Mary', "O'Brien" -> 'mary.obrien' (ASCII letters, digits and one dot)."""

    def clean(text: str) -> str:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]", "", ascii_text.lower())

    return f"{clean(first)}.{clean(last)}".strip(".") or "staff"
