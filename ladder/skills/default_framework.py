"""The competency framework Ladder ships for library work, as plain data.

Written for Ladder in its own words. Each competency is tagged with the ALA-APA Library
Support Staff Certification (LSSC) competency set it helps toward, so a person's ratings can
be read against LSSC; the LSSC texts themselves are not reproduced. `ladder install_framework`
(and the demo) installs it through ladder.skills.framework_install.install_default_framework.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SLUG = "library-work"
NAME = "Library work"
DESCRIPTION = (
    "Ladder's framework for the everyday work of library staff, from pages to managers: "
    "what people know and do in each area of library service. Competencies are tagged with "
    "the ALA-APA LSSC competency sets they help toward."
)

LEVELS: list[tuple[int, str, str]] = [
    (0, "None", "Has not met this yet, or has only heard of it."),
    (
        1,
        "Aware",
        "Knows what it is, why it matters and whom to ask; does it with someone alongside.",
    ),
    (
        2,
        "Working",
        "Does the usual tasks on their own and asks for help with the unusual ones.",
    ),
    (
        3,
        "Proficient",
        "Handles the unusual case without help, and colleagues come to them with questions.",
    ),
    (
        4,
        "Expert",
        "Teaches others, writes the procedure and improves how the library does it.",
    ),
]

LSSC_SLUG = "ala-apa-lssc"
LSSC_NAME = "ALA-APA Library Support Staff Certification (LSSC)"
LSSC_DESCRIPTION = (
    "The ten competency sets of the Library Support Staff Certification run by the ALA-Allied "
    "Professional Association: three required of every candidate and seven electives, of "
    "which a candidate chooses three."
)
# (code, name, required)
LSSC_SETS: list[tuple[str, str, bool]] = [
    ("foundations", "Foundations of Library Service", True),
    ("communication-teamwork", "Communication & Teamwork", True),
    ("technology", "Technology", True),
    ("access-services", "Access Services", False),
    ("adult-readers-advisory", "Adult Readers' Advisory", False),
    ("cataloging-classification", "Cataloging & Classification", False),
    ("collection-management", "Collection Management", False),
    ("reference-information-services", "Reference & Information Services", False),
    ("supervision-management", "Supervision & Management", False),
    ("youth-services", "Youth Services", False),
]


@dataclass(frozen=True)
class CompetencySpec:
    code: str
    name: str
    description: str
    # LSSC sets; None means the area's.
    lssc: tuple[str, ...] | None = None


@dataclass(frozen=True)
class AreaSpec:
    code: str
    name: str
    description: str
    lssc: tuple[str, ...]
    competencies: list[CompetencySpec] = field(default_factory=list)

    def tags_of(self, competency: CompetencySpec) -> tuple[str, ...]:
        return self.lssc if competency.lssc is None else competency.lssc


C = CompetencySpec

AREAS: list[AreaSpec] = [
    AreaSpec(
        "foundations",
        "Foundations of library service",
        "Why libraries exist, the values they keep and how they are run.",
        ("foundations",),
        [
            C(
                "foundations-purpose",
                "The purpose of libraries",
                "Explains what the library is for in its community and how public, academic, "
                "school and special libraries each serve their people.",
            ),
            C(
                "foundations-values",
                "Library values and intellectual freedom",
                "Acts on the field's values in daily decisions: open access for all, the "
                "freedom to read and to ask, and resisting censorship.",
            ),
            C(
                "foundations-privacy",
                "Patron privacy and confidentiality",
                "Keeps what people read, borrow and ask about to themselves, and handles "
                "records as the library's policy and the law require.",
            ),
            C(
                "foundations-service",
                "Fair and welcoming service",
                "Serves every person courteously and consistently, whatever their age, "
                "language, ability or background.",
            ),
            C(
                "foundations-governance",
                "Governance, funding and policy",
                "Knows who governs and funds the library, finds its policies and explains "
                "them to patrons in plain words.",
            ),
            C(
                "foundations-organisation",
                "How libraries organise information",
                "Understands how collections, catalogues and records are arranged so that "
                "people find what they need.",
            ),
            C(
                "foundations-growth",
                "Growing in the field",
                "Keeps their skills current through training, the state association, "
                "conferences and colleagues in other libraries.",
            ),
        ],
    ),
    AreaSpec(
        "communication",
        "Communication and teamwork",
        "Talking, writing and working well with patrons and colleagues.",
        ("communication-teamwork",),
        [
            C(
                "communication-listening",
                "Listening and explaining",
                "Listens without interrupting, checks they have understood, and explains "
                "clearly in person and on the phone.",
            ),
            C(
                "communication-writing",
                "Writing for readers",
                "Writes e-mails, notices, signs and short reports that their readers "
                "understand at first reading.",
            ),
            C(
                "communication-teamwork",
                "Working as a team",
                "Shares information and tasks, covers for colleagues and helps the team reach "
                "its goals.",
            ),
            C(
                "communication-difficult",
                "Difficult conversations",
                "Stays calm with upset or disruptive people, lowers the tension and knows "
                "when and how to call for help.",
            ),
            C(
                "communication-diversity",
                "Communicating across differences",
                "Communicates with respect across cultures, languages, generations and "
                "abilities, and adapts how they speak and write.",
            ),
        ],
    ),
    AreaSpec(
        "technology-core",
        "Technology: core skills",
        "The everyday computing every library job now needs.",
        ("technology",),
        [
            C(
                "tech-devices",
                "Computers and devices",
                "Uses computers, files, printers and scanners with confidence and sorts out "
                "everyday problems.",
            ),
            C(
                "tech-office",
                "Office software",
                "Gets daily work done with a word processor, spreadsheets, e-mail and a "
                "shared calendar.",
            ),
            C(
                "tech-internet",
                "The internet and staying safe online",
                "Searches the web well and helps people stay safe online: passwords, scams "
                "and privacy settings.",
            ),
            C(
                "tech-patron-help",
                "Helping patrons with technology",
                "Helps people with public computers, Wi-Fi, printing and their own devices, "
                "teaching them as they go.",
            ),
            C(
                "tech-troubleshooting",
                "Troubleshooting",
                "Works out step by step what is wrong, fixes the common faults and reports "
                "the rest so someone can act on it.",
            ),
        ],
    ),
    AreaSpec(
        "technology-systems",
        "Technology: ILS and library systems",
        "The integrated library system (ILS) and the other systems the library runs on.",
        ("technology",),
        [
            C(
                "ils-circulation",
                "Circulation in the ILS",
                "Checks items out and in, renews, places and fills holds in the ILS, and "
                "deals with the exceptions it raises.",
                ("technology", "access-services"),
            ),
            C(
                "ils-patron-records",
                "Patron records",
                "Creates and updates patron accounts accurately and protects the personal "
                "data in them.",
                ("technology", "access-services"),
            ),
            C(
                "ils-reports",
                "ILS reports and lists",
                "Runs and reads the ILS's reports (overdues, holds, statistics) and acts on "
                "what they show.",
            ),
            C(
                "ils-searching",
                "Searching the catalogue",
                "Searches the catalogue and discovery layer expertly and shows patrons how "
                "to do it themselves.",
                ("technology", "reference-information-services"),
            ),
            C(
                "ils-administration",
                "Running library systems",
                "Sets up and maintains the ILS and related systems (loan rules, staff "
                "permissions, upgrades) and helps colleagues through changes.",
            ),
            C(
                "ils-web",
                "Website and social media",
                "Keeps the library's web pages and social media accurate, current and "
                "accessible to everyone.",
            ),
        ],
    ),
    AreaSpec(
        "technology-eresources",
        "Technology: e-resources and eReaders",
        "Licensed online resources, eBooks and the devices people read them on.",
        ("technology",),
        [
            C(
                "eres-databases",
                "Databases and online resources",
                "Knows the library's licensed databases and online services and helps "
                "people choose and use the right one.",
                ("technology", "reference-information-services"),
            ),
            C(
                "eres-ebooks",
                "eBooks and eAudiobooks",
                "Helps people borrow, download and return eBooks and eAudiobooks on the "
                "library's platforms.",
            ),
            C(
                "eres-ereaders",
                "eReaders, tablets and phones",
                "Sets up eReaders, tablets and phones for library content and solves the "
                "usual problems with them.",
            ),
            C(
                "eres-access",
                "Remote access",
                "Solves the sign-in, proxy and access problems that keep people from the "
                "library's online resources.",
            ),
            C(
                "eres-licences",
                "Licence terms",
                "Reads e-resource licences (who may use a resource, where, and how many at "
                "once) and applies their terms.",
                ("technology", "collection-management"),
            ),
        ],
    ),
    AreaSpec(
        "access-services",
        "Access services and circulation",
        "Getting materials to people and back: the desk, accounts, shelves and delivery.",
        ("access-services",),
        [
            C(
                "circ-desk",
                "The circulation desk",
                "Runs check-out, check-in, renewals and holds at the desk accurately and "
                "pleasantly, even when it is busy.",
            ),
            C(
                "circ-registration",
                "Registering patrons",
                "Signs people up for library cards, checking eligibility and identification "
                "as the policy asks.",
            ),
            C(
                "circ-accounts",
                "Fines, fees and accounts",
                "Explains and settles fines, fees, lost and damaged items and payments as "
                "the policy says, with tact.",
            ),
            C(
                "circ-policies",
                "Loan rules",
                "Applies loan periods, limits and exceptions consistently and explains the "
                "reasons behind them.",
            ),
            C(
                "circ-shelving",
                "Shelving and shelf order",
                "Shelves and reads shelves in call-number order so that every item can be "
                "found where the catalogue says.",
            ),
            C(
                "circ-handling",
                "Sorting and delivery",
                "Sorts, routes and delivers materials between branches and libraries, and "
                "keeps holds and items in transit moving.",
            ),
        ],
    ),
    AreaSpec(
        "interlibrary-loan",
        "Interlibrary loan",
        "Borrowing from and lending to other libraries.",
        ("access-services",),
        [
            C(
                "ill-borrowing",
                "Borrowing for patrons",
                "Checks citations, finds libraries that own the item and requests it for "
                "the patron.",
            ),
            C(
                "ill-lending",
                "Lending to other libraries",
                "Fills other libraries' requests: finds and checks out items, packs and "
                "ships them, and scans articles.",
            ),
            C(
                "ill-systems",
                "Resource-sharing systems",
                "Uses the resource-sharing systems, networks and delivery services the "
                "library belongs to.",
                ("access-services", "technology"),
            ),
            C(
                "ill-rules",
                "Agreements, costs and limits",
                "Follows interlibrary loan codes, reciprocal agreements, charges and the "
                "copyright limits on copies.",
            ),
            C(
                "ill-tracking",
                "Tracking requests",
                "Tracks requests, due dates, renewals and returns, and keeps the statistics "
                "the library reports.",
            ),
        ],
    ),
    AreaSpec(
        "reserves-copyright",
        "Reserves and copyright",
        "Materials set aside for a course or programme, and the copyright rules that apply.",
        ("access-services",),
        [
            C(
                "reserves-print",
                "Reserve collections",
                "Puts materials on reserve with the right loan period when an instructor or "
                "programme asks, and takes them off again afterwards.",
            ),
            C(
                "reserves-electronic",
                "Electronic reserves",
                "Makes digital reserve copies available to the right people only, through "
                "the course or library system.",
                ("access-services", "technology"),
            ),
            C(
                "copyright-basics",
                "Copyright basics",
                "Explains copyright, the public domain and licences in plain words and knows "
                "when to pass a question on.",
                ("access-services", "foundations"),
            ),
            C(
                "copyright-fair-use",
                "Fair use and permissions",
                "Weighs whether a copy is fair use, and asks for permission or a licence "
                "when it is not.",
            ),
        ],
    ),
    AreaSpec(
        "readers-advisory",
        "Adult readers' advisory",
        "Helping adult readers find their next good book.",
        ("adult-readers-advisory",),
        [
            C(
                "ra-conversation",
                "The readers' advisory conversation",
                "Asks readers what they enjoyed and why, and suggests books they are likely "
                "to enjoy next.",
            ),
            C(
                "ra-genres",
                "Genres and appeal",
                "Knows the main genres and what draws readers to a book: pace, characters, "
                "story, setting and tone.",
            ),
            C(
                "ra-tools",
                "Readers' advisory tools",
                "Uses reading-suggestion databases, reviews, lists and colleagues' reading "
                "to widen their suggestions.",
            ),
            C(
                "ra-promotion",
                "Promoting reading",
                "Makes displays, lists and book talks that put readers in touch with books "
                "they would not have found.",
            ),
            C(
                "ra-book-groups",
                "Book groups",
                "Supports book discussion groups with copies, kits and questions for discussion.",
            ),
        ],
    ),
    AreaSpec(
        "cataloguing",
        "Cataloguing and classification",
        "Describing and arranging materials so people can find them.",
        ("cataloging-classification",),
        [
            C(
                "cat-copy",
                "Copy cataloguing",
                "Finds, checks and adapts existing records for new items so they match what "
                "is in hand.",
            ),
            C(
                "cat-original",
                "Original cataloguing",
                "Describes items no one has catalogued yet, following current standards "
                "such as RDA and MARC.",
            ),
            C(
                "cat-classification",
                "Classification",
                "Gives items Dewey or Library of Congress numbers that fit how the "
                "collection is already arranged.",
            ),
            C(
                "cat-access-points",
                "Subjects and access points",
                "Chooses subject headings, names and other access points so that searches "
                "lead to the item.",
            ),
            C(
                "cat-processing",
                "Processing items",
                "Adds barcodes, labels, covers and item records so items are ready to lend.",
            ),
            C(
                "cat-maintenance",
                "Keeping the catalogue right",
                "Corrects, merges and removes records so the catalogue matches the collection.",
            ),
        ],
    ),
    AreaSpec(
        "collection-management",
        "Collection management and weeding",
        "Building, caring for and pruning the collection.",
        ("collection-management",),
        [
            C(
                "coll-selection",
                "Selecting materials",
                "Chooses materials using the collection policy, reviews, patron requests and "
                "what is used.",
            ),
            C(
                "coll-acquisitions",
                "Ordering and receiving",
                "Orders, receives and pays for materials, and keeps track of budgets and "
                "suppliers.",
            ),
            C(
                "coll-weeding",
                "Weeding",
                "Removes worn, out-of-date or unused items by stated criteria (for example "
                "the CREW method) and can explain each decision.",
            ),
            C(
                "coll-assessment",
                "Assessing the collection",
                "Reads circulation and holdings data to see where the collection is thin or "
                "crowded.",
            ),
            C(
                "coll-care",
                "Care and repair",
                "Mends and protects materials, and knows when replacing an item beats "
                "repairing it.",
            ),
            C(
                "coll-challenges",
                "Responding to challenges",
                "Follows the reconsideration policy calmly when someone objects to an item.",
                ("collection-management", "foundations"),
            ),
        ],
    ),
    AreaSpec(
        "reference",
        "Reference and information services",
        "Answering questions and teaching people to find information themselves.",
        ("reference-information-services",),
        [
            C(
                "ref-interview",
                "The reference interview",
                "Finds out what the person really needs with open questions, and checks at "
                "the end that the answer helped.",
            ),
            C(
                "ref-sources",
                "Information sources",
                "Knows the core print and online sources for the questions the library is "
                "asked most.",
            ),
            C(
                "ref-searching",
                "Search strategy and evaluation",
                "Plans a search, picks terms and limits, and judges how reliable the results are.",
            ),
            C(
                "ref-instruction",
                "Teaching information skills",
                "Teaches people, alone or in groups, to find and weigh information for themselves.",
            ),
            C(
                "ref-referral",
                "Referral",
                "Knows when and where to pass a question on: a colleague, another library or "
                "a community agency.",
            ),
            C(
                "ref-virtual",
                "Chat, e-mail and phone reference",
                "Answers questions by chat, e-mail and phone as well as at the desk.",
            ),
        ],
    ),
    AreaSpec(
        "youth-services",
        "Youth services",
        "Library service for children, teens and the adults who care for them.",
        ("youth-services",),
        [
            C(
                "youth-development",
                "How children and teens grow",
                "Understands how children and teens develop as readers and people, and "
                "serves each age accordingly.",
            ),
            C(
                "youth-early-literacy",
                "Early literacy",
                "Builds early literacy in young children and shows parents and caregivers "
                "how to do it at home.",
            ),
            C(
                "youth-storytime",
                "Story time",
                "Plans and leads lively, inclusive story times suited to the children's ages.",
            ),
            C(
                "youth-materials",
                "Books and media for young people",
                "Knows books and media for children and teens and recommends them well.",
            ),
            C(
                "youth-teens",
                "Serving teens",
                "Brings teens into the library through programmes, volunteering and a say in "
                "what the library does for them.",
            ),
            C(
                "youth-schools-families",
                "Schools and families",
                "Works with schools, teachers and families: class visits, class loans and "
                "homework help.",
            ),
            C(
                "youth-safety",
                "Keeping young people safe",
                "Follows the policies that keep children and teens safe in the library and online.",
            ),
        ],
    ),
    AreaSpec(
        "supervision",
        "Supervision and management",
        "Leading people, volunteers and student workers, and running a service.",
        ("supervision-management",),
        [
            C(
                "sup-scheduling",
                "Schedules and desk cover",
                "Builds schedules that cover every service point and respect each person's "
                "contracted hours.",
            ),
            C(
                "sup-training",
                "Training and coaching staff",
                "Trains new colleagues and coaches others, giving feedback that is clear and kind.",
            ),
            C(
                "sup-volunteers",
                "Managing volunteers",
                "Recruits, trains, schedules and thanks volunteers, and matches tasks to "
                "what they want to give.",
            ),
            C(
                "sup-student-workers",
                "Supervising student workers and pages",
                "Assigns and checks the work of student workers and pages and helps them "
                "grow in the job.",
            ),
            C(
                "sup-performance",
                "Expectations and evaluations",
                "Sets clear expectations, records how work is going and writes fair evaluations.",
            ),
            C(
                "sup-budget",
                "Budgets and resources",
                "Plans and follows a budget and makes good use of money, space and staff time.",
            ),
            C(
                "sup-planning",
                "Planning and leading change",
                "Sets goals, plans services and brings colleagues along through change.",
            ),
            C(
                "sup-personnel",
                "Personnel policies and law",
                "Applies personnel policies and employment law fairly and the same way for "
                "everyone.",
            ),
        ],
    ),
    AreaSpec(
        "programming",
        "Programming and community engagement",
        "Programmes, outreach and partnerships that bring the library to its community.",
        (),
        [
            C(
                "prog-planning",
                "Planning programmes",
                "Plans a programme for a chosen audience: its purpose, presenter, space, "
                "budget and publicity.",
                ("adult-readers-advisory",),
            ),
            C(
                "prog-leading",
                "Leading programmes",
                "Hosts or presents programmes with confidence and copes with the unexpected.",
                ("communication-teamwork",),
            ),
            C(
                "prog-outreach",
                "Outreach",
                "Takes the library beyond its walls: community events, visits to homebound "
                "people, pop-up libraries.",
                ("foundations",),
            ),
            C(
                "prog-partnerships",
                "Community partnerships",
                "Builds working partnerships with local organisations, schools and businesses.",
                ("communication-teamwork",),
            ),
            C(
                "prog-promotion",
                "Promoting the library",
                "Tells the community what the library offers, in print, online and in person.",
                ("communication-teamwork",),
            ),
            C(
                "prog-evaluation",
                "Evaluating programmes",
                "Counts attendance, gathers feedback and uses both to make the next "
                "programme better.",
            ),
        ],
    ),
]
