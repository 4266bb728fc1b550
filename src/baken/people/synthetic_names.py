"""Name pools for the synthetic linkage data (`synthetic.py`), per nationality.

Real name frequencies have a short head of very common names and a long tail of rare ones,
and both matter for linkage: the head makes different persons share a name (Jan de Vries,
Ion Popescu), the tail decides how large a block of alike-sounding names in one birth year
grows. So each pool has two parts:

- the *common* names, written here by hand, most common first, with the other spellings and
  short forms that clerks write; the generator draws them with weights falling by rank;
- the *rare* names, drawn uniformly: the first names and surnames of Faker's person data for
  the same country (read once, Cyrillic transliterated), and for Romanian, Bulgarian and
  Hungarian surnames, which Faker lists too few of, surnames composed from roots and endings.

`COMMON_FIRST_NAMES` and `COMMON_SURNAMES` say how many persons carry a common name.
Dutch surnames carry their particle ("van der Berg"); Polish, Bulgarian and Ukrainian surnames
are in the male form and take the female ending in the generator; Spanish persons get two
surnames. Nothing here describes a real person: these are lists of names.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True, slots=True)
class Name:
    """A person's name in parts: given name, Dutch particle, surname(s), in the male form."""

    given: str
    particle: str
    surname: str
    female: bool
    second_surname: str = ""


@dataclass(frozen=True, slots=True)
class NamePool:
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]
    # Other spellings of a name that clerks write (transliteration from Cyrillic, habit).
    spellings: tuple[tuple[str, ...], ...] = ()
    # Short forms that people give as their name ("Sasha" for Oleksandr).
    nicknames: tuple[tuple[str, str], ...] = ()


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


POOLS: dict[str, NamePool] = {
    "NL": NamePool(
        male=_split(
            "Jan, Pieter, Johannes, Hendrik, Cornelis, Willem, Dirk, Gerrit, Daan, Sem, Lucas, "
            "Bram, Thijs, Ruben, Bas, Joost, Sander, Stijn, Teun, Kees, Martijn, Rik, Niels, "
            "Jeroen, Maarten, Wouter, Tim, Mark, Koen, Erik, Freek, Arjen, Gijs, Rijk, Roel, "
            "Sjoerd, Tijmen, Floris, Jasper, Vincent"
        ),
        female=_split(
            "Anna, Maria, Johanna, Emma, Sophie, Julia, Sanne, Lotte, Femke, Anouk, Eva, Lisa, "
            "Fleur, Iris, Ilse, Marieke, Ingrid, Petra, Linda, Anja, Marijke, Tessa, Noor, "
            "Saskia, Esther, Yvonne, Wendy, Kim, Romy, Lieke, Mirjam, Wijnanda, Eline, Judith, "
            "Hanneke, Rianne, Merel, Nienke, Floor, Annelies"
        ),
        surnames=_split(
            "de Vries, de Jong, van der Berg, van Dijk, Jansen, Bakker, Visser, Smit, Meijer, "
            "de Boer, Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, "
            "Brouwer, de Wit, Dijkstra, Smits, de Graaf, van der Meer, van der Linden, Kok, "
            "Jacobs, de Haan, Vermeulen, van den Heuvel, van der Veen, van den Broek, "
            "de Bruijn, de Bruin, van der Heijden, Schouten, van Beek, Willems, van Vliet, "
            "van de Ven, Hoekstra, Maas, Verhoeven, Koster, van Wijk, Prins, Kuijpers, Bijl, "
            "Wijnands, van Rijn"
        ),
        nicknames=(
            ("Johannes", "Hans"),
            ("Cornelis", "Kees"),
            ("Hendrik", "Henk"),
            ("Willem", "Wim"),
            ("Johanna", "Anneke"),
            ("Maria", "Mieke"),
        ),
    ),
    "RO": NamePool(
        male=_split(
            "Andrei, Alexandru, Ion, Ionuț, Mihai, Ștefan, Gheorghe, Constantin, Vasile, Florin, "
            "Cristian, Adrian, Marius, Nicolae, Dumitru, Bogdan, Gabriel, Daniel, Răzvan, "
            "Cătălin, Sorin, Lucian, Ovidiu, Costel, Valentin, Iulian, Petru, Cosmin, Dorin, "
            "Viorel, Emil, Sebastian, Robert, Claudiu, Liviu"
        ),
        female=_split(
            "Maria, Elena, Ioana, Ana, Andreea, Mihaela, Cristina, Alexandra, Gabriela, "
            "Daniela, Florentina, Ionela, Alina, Roxana, Simona, Nicoleta, Larisa, Bianca, "
            "Georgiana, Oana, Camelia, Adriana, Raluca, Loredana, Mădălina, Denisa, Ramona, "
            "Corina, Lăcrămioara, Violeta, Diana, Irina, Anca, Carmen, Luminița"
        ),
        surnames=_split(
            "Popescu, Popa, Pop, Radu, Dumitru, Stan, Stoica, Gheorghe, Matei, Ciobanu, Rusu, "
            "Munteanu, Constantin, Ionescu, Lungu, Moldovan, Mocanu, Dinu, Ungureanu, Neagu, "
            "Tănase, Bălan, Marin, Florea, Nistor, Sârbu, Oprea, Diaconu, Enache, Toma, "
            "Ștefănescu, Dobre, Barbu, Vlad, Cristea, Preda, Mihăilescu, Zamfir, Anghel, "
            "Iordache, Costea, Nedelcu, Voicu, Tudor, Manea"
        ),
        nicknames=(("Alexandru", "Alex"), ("Gheorghe", "Gică"), ("Constantin", "Costi")),
    ),
    "PL": NamePool(
        male=_split(
            "Piotr, Krzysztof, Andrzej, Tomasz, Paweł, Michał, Marcin, Jakub, Łukasz, Kamil, "
            "Mateusz, Adam, Marek, Grzegorz, Wojciech, Rafał, Dariusz, Jan, Mariusz, Sebastian, "
            "Dawid, Bartosz, Przemysław, Zbigniew, Szymon, Robert, Artur, Damian, Patryk, "
            "Sławomir, Jacek, Mirosław, Janusz, Ryszard, Henryk"
        ),
        female=_split(
            "Anna, Katarzyna, Maria, Małgorzata, Agnieszka, Barbara, Ewa, Krystyna, Magdalena, "
            "Joanna, Aleksandra, Monika, Zofia, Natalia, Karolina, Justyna, Beata, Dorota, "
            "Paulina, Agata, Weronika, Elżbieta, Jadwiga, Halina, Irena, Grażyna, Marta, "
            "Wiktoria, Julia, Renata, Iwona, Sylwia, Emilia, Danuta, Urszula"
        ),
        surnames=_split(
            "Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński, Lewandowski, Zieliński, "
            "Szymański, Woźniak, Dąbrowski, Kozłowski, Jankowski, Mazur, Wojciechowski, "
            "Kwiatkowski, Krawczyk, Kaczmarek, Piotrowski, Grabowski, Zając, Pawłowski, "
            "Michalski, Król, Wieczorek, Jabłoński, Nowakowski, Majewski, Olszewski, Stępień, "
            "Malinowski, Jaworski, Adamczyk, Dudek, Nowicki, Pawlak, Górski, Witkowski, Walczak, "
            "Sikora, Baran, Rutkowski, Michalak, Szewczyk, Ostrowski"
        ),
        nicknames=(("Aleksandra", "Ola"), ("Małgorzata", "Gosia"), ("Katarzyna", "Kasia")),
    ),
    "BG": NamePool(
        male=_split(
            "Georgi, Ivan, Dimitar, Nikolay, Petar, Hristo, Stoyan, Todor, Vasil, Aleksandar, "
            "Stefan, Yordan, Plamen, Krasimir, Atanas, Kiril, Martin, Lyubomir, Boris, Emil, "
            "Angel, Valentin, Tsvetan, Dobromir, Rumen, Zhivko, Kaloyan, Borislav, Asen, Veselin, "
            "Mihail, Radoslav, Svetoslav, Nedyalko, Ognyan"
        ),
        female=_split(
            "Maria, Ivanka, Elena, Yordanka, Petya, Desislava, Gergana, Radka, Svetla, "
            "Tsvetana, Nadezhda, Violeta, Daniela, Teodora, Viktoria, Silviya, Rositsa, Galina, "
            "Stefka, Milena, Vanya, Kristina, Nikoleta, Snezhana, Yana, Mariana, Ralitsa, "
            "Boryana, Zhivka, Albena, Denitsa, Emilia, Lilyana, Veselina, Hristina"
        ),
        surnames=_split(
            "Ivanov, Georgiev, Dimitrov, Petrov, Nikolov, Hristov, Stoyanov, Todorov, Iliev, "
            "Vasilev, Atanasov, Petkov, Angelov, Kolev, Yordanov, Marinov, Popov, Stefanov, "
            "Kostov, Dimov, Pavlov, Mihaylov, Kirilov, Tsvetkov, Aleksandrov, Mitev, Slavov, "
            "Yankov, Radev, Zhelev, Tonev, Kirov, Velikov, Genov, Borisov, Bozhinov, Rusev, "
            "Asenov, Lazarov, Valchev, Tanev, Doychev, Kamenov, Parvanov, Bonev"
        ),
        spellings=(
            ("Dimitar", "Dimitur", "Dimityr"),
            ("Hristo", "Christo", "Khristo"),
            ("Hristov", "Christov", "Khristov"),
            ("Hristina", "Christina"),
            ("Yordan", "Jordan", "Iordan"),
            ("Yordanov", "Jordanov", "Iordanov"),
            ("Yordanka", "Jordanka"),
            ("Nikolay", "Nikolai"),
            ("Mihaylov", "Mihailov", "Michailov"),
            ("Tsvetkov", "Tzvetkov", "Cvetkov"),
            ("Tsvetan", "Tzvetan", "Cvetan"),
            ("Tsvetana", "Tzvetana"),
            ("Petya", "Petia"),
            ("Silviya", "Silvia"),
            ("Zhivko", "Jivko"),
            ("Zhelev", "Jelev"),
            ("Lyubomir", "Ljubomir", "Liubomir"),
            ("Valchev", "Vulchev", "Vylchev"),
            ("Parvanov", "Purvanov"),
            ("Yankov", "Iankov"),
        ),
    ),
    "HU": NamePool(
        male=_split(
            "László, István, József, János, Zoltán, Sándor, Gábor, Ferenc, Attila, Péter, "
            "Tamás, Zsolt, Tibor, András, Csaba, Imre, Lajos, Balázs, György, Róbert, Norbert, "
            "Bence, Dávid, Ádám, Krisztián, Miklós, Gyula, Károly, Levente, Márk, Dániel, "
            "Máté, Roland, Szabolcs, Viktor"
        ),
        female=_split(
            "Mária, Erzsébet, Katalin, Ilona, Éva, Anna, Zsuzsanna, Margit, Judit, Ágnes, "
            "Andrea, Erika, Krisztina, Edit, Gabriella, Szilvia, Anita, Eszter, Tímea, "
            "Nikolett, Réka, Mónika, Beáta, Viktória, Hajnalka, Renáta, Dóra, Orsolya, Petra, "
            "Boglárka, Enikő, Noémi, Brigitta, Klára, Rozália"
        ),
        surnames=_split(
            "Nagy, Kovács, Tóth, Szabó, Horváth, Varga, Kiss, Molnár, Németh, Farkas, Balogh, "
            "Papp, Takács, Juhász, Lakatos, Mészáros, Oláh, Simon, Rácz, Fekete, Szilágyi, "
            "Török, Fehér, Balázs, Gál, Kis, Szűcs, Kocsis, Orsós, Pintér, Fodor, Szalai, Sipos, "
            "Magyar, Lukács, Gulyás, Biró, Király, Katona, László, Jakab, Bogdán, Balog, Sándor, "
            "Boros"
        ),
    ),
    "UA": NamePool(
        male=_split(
            "Oleksandr, Serhiy, Andriy, Volodymyr, Mykola, Ivan, Vasyl, Oleksiy, Dmytro, Yuriy, "
            "Viktor, Petro, Mykhailo, Bohdan, Taras, Roman, Ihor, Vitaliy, Maksym, Artem, Denys, "
            "Yevhen, Anatoliy, Stepan, Pavlo, Ruslan, Vadym, Valentyn, Oleh, Hryhoriy, "
            "Yaroslav, Kostiantyn, Nazar, Danylo, Illia"
        ),
        female=_split(
            "Olena, Tetiana, Nataliya, Iryna, Svitlana, Oksana, Yuliya, Kateryna, Mariya, Anna, "
            "Halyna, Liudmyla, Nadiya, Viktoriya, Olha, Larysa, Khrystyna, Daryna, Sofiya, Yana, "
            "Valentyna, Alina, Inna, Zoriana, Marharyta, Anastasiya, Lesia, Hanna, Uliana, "
            "Vira, Liubov, Tamara, Solomiia, Polina, Diana"
        ),
        surnames=_split(
            "Melnyk, Shevchenko, Kovalenko, Bondarenko, Boyko, Tkachenko, Kravchenko, "
            "Kovalchuk, Koval, Oliynyk, Shevchuk, Polishchuk, Bondar, Tkachuk, Marchenko, "
            "Lysenko, Rudenko, Savchenko, Petrenko, Moroz, Pavlenko, Klymenko, Kravets, "
            "Ponomarenko, Honcharenko, Levchenko, Kharchenko, Savchuk, Vasylenko, Romanenko, "
            "Karpenko, Yakovenko, Sydorenko, Hnatiuk, Zakharchenko, Ostapenko, Fedorenko, "
            "Kuzmenko, Nazarenko, Symonenko, Tymoshenko, Hrytsenko, Demchenko, Vlasenko, Bilyk"
        ),
        spellings=(
            ("Oleksandr", "Aleksandr", "Olexandr", "Oleksander"),
            ("Serhiy", "Serhii", "Sergiy", "Sergii"),
            ("Andriy", "Andrii", "Andrij"),
            ("Yuriy", "Yurii", "Iurii", "Yuri"),
            ("Oleksiy", "Oleksii", "Alexey"),
            ("Dmytro", "Dmitro", "Dmytryo"),
            ("Mykhailo", "Mykhaylo", "Mikhailo"),
            ("Yevhen", "Evgen", "Ievgen"),
            ("Tetiana", "Tetyana", "Tatiana"),
            ("Nataliya", "Natalia", "Nataliia"),
            ("Iryna", "Irina"),
            ("Yuliya", "Yulia", "Iuliia"),
            ("Olha", "Olga"),
            ("Khrystyna", "Khristina", "Hrystyna"),
            ("Halyna", "Galyna", "Galina"),
            ("Oliynyk", "Oliinyk", "Olijnyk"),
            ("Hnatiuk", "Hnatyuk", "Gnatyuk"),
            ("Honcharenko", "Goncharenko"),
            ("Hrytsenko", "Grytsenko", "Hritsenko"),
            ("Boyko", "Boiko"),
        ),
        nicknames=(("Oleksandr", "Sasha"), ("Volodymyr", "Volodya"), ("Kateryna", "Katya")),
    ),
    "ES": NamePool(
        male=_split(
            "José, Antonio, Manuel, Francisco, David, Juan, Javier, Daniel, Carlos, Jesús, "
            "Alejandro, Miguel, Rafael, Pablo, Pedro, Ángel, Sergio, Fernando, Jorge, Luis, "
            "Alberto, Álvaro, Diego, Adrián, Raúl, Enrique, Ramón, Vicente, Andrés, Joaquín, "
            "Santiago, Víctor, Eduardo, Iván, Óscar"
        ),
        female=_split(
            "María, Carmen, Ana, Isabel, Laura, Lucía, Cristina, Marta, Pilar, Elena, Sara, "
            "Paula, Raquel, Rocío, Beatriz, Silvia, Patricia, Nuria, Julia, Inés, Sofía, "
            "Dolores, Montserrat, Rosa, Teresa, Mercedes, Alba, Irene, Andrea, Lorena, Noelia, "
            "Marina, Eva, Natalia, Claudia"
        ),
        surnames=_split(
            "García, Rodríguez, González, Fernández, López, Martínez, Sánchez, Pérez, Gómez, "
            "Martín, Jiménez, Ruiz, Hernández, Díaz, Moreno, Muñoz, Álvarez, Romero, Alonso, "
            "Gutiérrez, Navarro, Torres, Domínguez, Vázquez, Ramos, Gil, Ramírez, Serrano, "
            "Blanco, Molina, Morales, Suárez, Ortega, Delgado, Castro, Ortiz, Rubio, Marín, "
            "Sanz, Núñez, Iglesias, Medina, Garrido, Cortés, Castillo"
        ),
        nicknames=(("José", "Pepe"), ("Francisco", "Paco"), ("Dolores", "Lola")),
    ),
}

# Share of each nationality among the generated persons.
NATIONALITY_WEIGHTS: dict[str, float] = {
    "NL": 0.30,
    "RO": 0.18,
    "PL": 0.14,
    "BG": 0.12,
    "UA": 0.10,
    "HU": 0.08,
    "ES": 0.08,
}

# E-mail providers by nationality, most used first.
MAIL_DOMAINS: dict[str, tuple[str, ...]] = {
    "NL": ("gmail.com", "hotmail.com", "outlook.com", "live.nl", "ziggo.nl", "kpnmail.nl"),
    "RO": ("gmail.com", "yahoo.com", "yahoo.ro", "hotmail.com"),
    "PL": ("gmail.com", "wp.pl", "o2.pl", "onet.pl", "interia.pl"),
    "BG": ("gmail.com", "abv.bg", "mail.bg", "yahoo.com"),
    "HU": ("gmail.com", "freemail.hu", "citromail.hu", "hotmail.com"),
    "UA": ("gmail.com", "ukr.net", "i.ua", "meta.ua"),
    "ES": ("gmail.com", "hotmail.es", "yahoo.es", "outlook.es"),
}

# Mobile numbers: (country code, leading digits of the national number, digits after them).
MOBILE_PLANS: dict[str, tuple[str, tuple[str, ...], int]] = {
    "NL": ("31", ("61", "62", "63", "64", "65"), 7),
    "RO": ("40", ("72", "73", "74", "75", "76", "77"), 7),
    "PL": ("48", ("50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"), 7),
    "BG": ("359", ("87", "88", "89"), 7),
    "HU": ("36", ("20", "30", "70"), 7),
    "UA": ("380", ("50", "63", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99"), 7),
    "ES": ("34", ("60", "61", "62", "63", "64", "65", "66", "67", "68", "69"), 7),
}

# Share of persons whose first name / surname is one of the common names above.
COMMON_FIRST_NAMES = {"NL": 0.4, "RO": 0.6, "PL": 0.6, "BG": 0.6, "HU": 0.6, "UA": 0.6, "ES": 0.6}
COMMON_SURNAMES = {"NL": 0.25, "RO": 0.45, "PL": 0.25, "BG": 0.5, "HU": 0.5, "UA": 0.25, "ES": 0.55}

# Surnames composed from a root and an ending, for the countries whose rare surnames Faker
# lacks. Some compositions are also common names; that only makes those a little commoner.
_COMPOSED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "RO": (
        _split(
            "Pop, Ion, Stan, Rad, Dragom, Vasil, Mih, Neag, Petr, Bucur, Cojoc, Olt, Fier, Mor, "
            "Croit, Rot, Grigor, Gheorgh, Nicol, Tudor, Marin, Dobr, Lup, Urs, Munt, Bran, Vlad, "
            "Sand, Costach, Anton, Iord, Pav, Toad, Bog, Zah, Cazan, Chiri, Bălt, Cârst, Mureș, "
            "Prahov, Ardel, Olar, Căld, Sârb, Negr, Alb, Roș, Vân, Pădur, Străin, Dumbr, Ciurar"
        ),
        _split("escu, eanu, aru, ache, ilă, oiu, ea, u, ean, ița, uț, ici, oaie, an, ariu"),
    ),
    "BG": (
        _split(
            "Ivan, Georgi, Petr, Dimitr, Nikola, Stoyan, Todor, Vasil, Angel, Kolyo, Marin, "
            "Stefan, Kostadin, Mitko, Slav, Yank, Rad, Zhel, Ton, Kir, Velik, Gen, Boris, Bozhin, "
            "Rus, Asen, Lazar, Valch, Tan, Doych, Kamen, Parvan, Bon, Kovach, Kolar, Bakal, "
            "Granchar, Kasab, Topal, Chervenk, Zlat, Belch, Chern, Karadzh, Hadzhi, Kalay, "
            "Popadi, Terzi, Deli, Kurt, Vylk, Orl, Gosp, Dobr, Mil, Bog, Tsvetk, Nedelch, Sim"
        ),
        _split("ov, ev, chev, inov, ski"),
    ),
    "HU": (
        _split(
            "Bud, Szeged, Debrecen, Győr, Pécs, Eger, Miskolc, Sopron, Vác, Kecskemét, Nyír, "
            "Tat, Páp, Zal, Somogy, Barany, Bihar, Toln, Heves, Bakony, Mátr, Tisz, Dun, Káll, "
            "Kass, Komárom, Szolnok, Gyul, Mak, Csongrád, Arad, Erdély, Szatmár, Borsod, Nógrád, "
            "Vasvár, Kőrös, Szentes, Hatvan, Cegléd, Kalocs, Szekszárd, Mohács, Baj, Zenta"
        ),
        ("i",),
    ),
}

_CYRILLIC = {
    "bg_BG": dict(
        zip(
            "абвгдежзийклмнопрстуфхцчшщъьюя",
            "a b v g d e zh z i y k l m n o p r s t u f h ts ch sh sht a y yu ya".split(),  # noqa: SIM905
            strict=True,
        )
    ),
    "uk_UA": dict(
        zip(
            "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
            "a b v h g d e ye zh z y i yi y k l m n o p r s t u f kh ts ch sh shch - yu ya".split(),  # noqa: SIM905
            strict=True,
        )
    ),
}
_FAKER_LOCALES = {
    "NL": "nl_NL", "RO": "ro_RO", "PL": "pl_PL", "BG": "bg_BG", "HU": "hu_HU", "UA": "uk_UA",
    "ES": "es_ES",
}  # fmt: skip
_ONE_NAME = re.compile(r"[^\W\d_]{2,}")
_DUTCH_SURNAME = re.compile(r"(?:(?:van|de|der|den|het|ter|ten|te) )*[A-Z][a-z]{2,}")


@dataclass(frozen=True, slots=True)
class RareNames:
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]


@cache
def rare_names() -> dict[str, RareNames]:
    """The rare names per nationality (read from Faker's data once per process)."""
    return {
        nationality: _rare(nationality, locale) for nationality, locale in _FAKER_LOCALES.items()
    }


def _rare(nationality: str, locale: str) -> RareNames:
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    common = POOLS[nationality]

    def usable(names: object, known: tuple[str, ...]) -> tuple[str, ...]:
        words = (_latin(str(name), locale) for name in names)  # type: ignore[attr-defined]
        kept = dict.fromkeys(w for w in words if _ONE_NAME.fullmatch(w) and w not in known)
        return tuple(kept)

    if nationality == "PL":
        surnames: object = (*provider.male_last_names, *provider.unisex_last_names)
    elif nationality in {"BG", "UA"}:
        surnames = provider.last_names_male
    else:
        surnames = provider.last_names
    if nationality == "NL":
        rare_surnames = tuple(
            dict.fromkeys(
                name
                for name in provider.last_names
                if _DUTCH_SURNAME.fullmatch(name) and name not in common.surnames
            )
        )
    else:
        rare_surnames = usable(surnames, common.surnames)
    roots, endings = _COMPOSED.get(nationality, ((), ()))
    composed = (root + ending for root in roots for ending in endings)
    rare_surnames += tuple(
        dict.fromkeys(n for n in composed if n not in common.surnames and n not in rare_surnames)
    )
    return RareNames(
        male=usable(provider.first_names_male, common.male),
        female=usable(provider.first_names_female, common.female),
        surnames=rare_surnames,
    )


# Ukrainian's official romanisation writes these letters differently inside a word.
_UKRAINIAN_INSIDE = {"є": "ie", "ї": "i", "й": "i", "ю": "iu", "я": "ia"}


def _latin(name: str, locale: str) -> str:
    table = _CYRILLIC.get(locale)
    if table is None:
        return name
    inside = _UKRAINIAN_INSIDE if locale == "uk_UA" else {}
    letters = name.lower().replace("\u02bc", "").replace("'", "")  # apostrophes
    latin = "".join(
        (inside.get(c) if i else None) or table.get(c, c) for i, c in enumerate(letters)
    )
    return latin.replace("-", "").capitalize()
