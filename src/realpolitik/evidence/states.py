"""A compact gazetteer of states: every UN member state (plus a few
observers and contested states) with its names, demonyms and capitals or
seats of government, and the naming patterns of common non-state armed
groups.

Each row of :data:`STATES` reads ``id: names; demonyms; seats`` with
``/`` between alternatives. Ids are lower-case snake_case short names
(``united_states``, ``north_korea``), the ids scenario files use. Names
that are also common words or first names (Chad, Jordan, Georgia, Male)
are kept only in unambiguous forms ("Republic of Chad" is rare in news, so
Chad stays; Male, the Maldives' capital, is dropped). Seats of power that
stand for a government in news prose ("the Kremlin", "the White House",
"Naypyitaw") are listed with the capitals.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["ARMED_GROUPS", "STATES", "group_ids", "seats", "state_aliases"]

STATES = """
afghanistan: Afghanistan; Afghan/Afghans; Kabul
albania: Albania; Albanian/Albanians; Tirana
algeria: Algeria; Algerian/Algerians; Algiers
andorra: Andorra; Andorran; Andorra la Vella
angola: Angola; Angolan/Angolans; Luanda
antigua_and_barbuda: Antigua and Barbuda/Antigua; Antiguan; St. John's
argentina: Argentina; Argentine/Argentinian/Argentines/Argentinians; Buenos Aires/Casa Rosada
armenia: Armenia; Armenian/Armenians; Yerevan
australia: Australia; Australian/Australians; Canberra
austria: Austria; Austrian/Austrians; Vienna
azerbaijan: Azerbaijan; Azerbaijani/Azerbaijanis/Azeri/Azeris; Baku
bahamas: Bahamas; Bahamian; Nassau
bahrain: Bahrain; Bahraini/Bahrainis; Manama
bangladesh: Bangladesh; Bangladeshi/Bangladeshis; Dhaka
barbados: Barbados; Barbadian; Bridgetown
belarus: Belarus; Belarusian/Belarusians; Minsk
belgium: Belgium; Belgian/Belgians
belize: Belize; Belizean; Belmopan
benin: Benin; Beninese; Porto-Novo/Cotonou
bhutan: Bhutan; Bhutanese; Thimphu
bolivia: Bolivia; Bolivian/Bolivians; La Paz/Sucre
bosnia_and_herzegovina: Bosnia and Herzegovina/Bosnia-Herzegovina/Bosnia;
    Bosnian/Bosnians/Bosniak/Bosniaks; Sarajevo
botswana: Botswana; Motswana/Batswana; Gaborone
brazil: Brazil; Brazilian/Brazilians; Brasilia/Brasília/Planalto
brunei: Brunei; Bruneian; Bandar Seri Begawan
bulgaria: Bulgaria; Bulgarian/Bulgarians; Sofia
burkina_faso: Burkina Faso; Burkinabe/Burkinabè; Ouagadougou
burundi: Burundi; Burundian/Burundians; Gitega/Bujumbura
cabo_verde: Cabo Verde/Cape Verde; Cape Verdean; Praia
cambodia: Cambodia; Cambodian/Cambodians/Khmer; Phnom Penh
cameroon: Cameroon; Cameroonian/Cameroonians; Yaounde/Yaoundé
canada: Canada; Canadian/Canadians; Ottawa
central_african_republic: Central African Republic/CAR; Central African; Bangui
chad: Chad; Chadian/Chadians; N'Djamena/N’Djamena
chile: Chile; Chilean/Chileans; Santiago
china: China/People's Republic of China/PRC; Chinese; Beijing/Zhongnanhai
colombia: Colombia; Colombian/Colombians; Bogota/Bogotá/Casa de Nariño
comoros: Comoros; Comorian; Moroni
congo: Democratic Republic of Congo/Democratic Republic of the Congo/DRC/DR Congo/Congo; Congolese; Kinshasa
republic_of_congo: Republic of Congo/Congo-Brazzaville; ; Brazzaville
costa_rica: Costa Rica; Costa Rican/Costa Ricans; San Jose/San José
cote_d_ivoire: Ivory Coast/Côte d'Ivoire/Cote d'Ivoire; Ivorian/Ivorians; Yamoussoukro/Abidjan
croatia: Croatia; Croatian/Croatians/Croat/Croats; Zagreb
cuba: Cuba; Cuban/Cubans; Havana
cyprus: Cyprus; Cypriot/Cypriots; Nicosia
czechia: Czech Republic/Czechia; Czech/Czechs; Prague
denmark: Denmark; Danish/Danes; Copenhagen
djibouti: Djibouti; Djiboutian
dominica: Dominica; ; Roseau
dominican_republic: Dominican Republic; Dominican/Dominicans; Santo Domingo
ecuador: Ecuador; Ecuadorian/Ecuadorians; Quito
egypt: Egypt; Egyptian/Egyptians; Cairo
el_salvador: El Salvador; Salvadoran/Salvadorans; San Salvador
equatorial_guinea: Equatorial Guinea; Equatoguinean; Malabo
eritrea: Eritrea; Eritrean/Eritreans; Asmara
estonia: Estonia; Estonian/Estonians; Tallinn
eswatini: Eswatini/Swaziland; Swazi; Mbabane
ethiopia: Ethiopia; Ethiopian/Ethiopians; Addis Ababa
fiji: Fiji; Fijian; Suva
finland: Finland; Finnish/Finns; Helsinki
france: France; French; Paris/Elysee/Élysée/Elysee Palace/Élysée Palace/Quai d'Orsay
gabon: Gabon; Gabonese; Libreville
gambia: Gambia/The Gambia; Gambian; Banjul
georgia: Georgia; Georgian/Georgians; Tbilisi
germany: Germany; German/Germans; Berlin
ghana: Ghana; Ghanaian/Ghanaians; Accra
greece: Greece; Greek/Greeks; Athens
grenada: Grenada; Grenadian; St. George's
guatemala: Guatemala; Guatemalan/Guatemalans; Guatemala City
guinea: Guinea; Guinean/Guineans; Conakry
guinea_bissau: Guinea-Bissau; Bissau-Guinean; Bissau
guyana: Guyana; Guyanese; Georgetown
haiti: Haiti; Haitian/Haitians; Port-au-Prince
honduras: Honduras; Honduran/Hondurans; Tegucigalpa
hungary: Hungary; Hungarian/Hungarians; Budapest
iceland: Iceland; Icelandic/Icelanders; Reykjavik
india: India; Indian/Indians; New Delhi/Delhi
indonesia: Indonesia; Indonesian/Indonesians; Jakarta
iran: Iran/Islamic Republic; Iranian/Iranians/Persian; Tehran
iraq: Iraq; Iraqi/Iraqis; Baghdad
ireland: Ireland; Irish; Dublin
israel: Israel; Israeli/Israelis; Jerusalem/Tel Aviv/IDF/Israel Defense Forces/Knesset
italy: Italy; Italian/Italians; Rome
jamaica: Jamaica; Jamaican/Jamaicans
japan: Japan; Japanese; Tokyo
jordan: Jordan; Jordanian/Jordanians; Amman
kazakhstan: Kazakhstan; Kazakh/Kazakhs; Astana
kenya: Kenya; Kenyan/Kenyans; Nairobi
kiribati: Kiribati; ; Tarawa
kosovo: Kosovo; Kosovar/Kosovars; Pristina
kuwait: Kuwait; Kuwaiti/Kuwaitis; Kuwait City
kyrgyzstan: Kyrgyzstan; Kyrgyz; Bishkek
laos: Laos; Lao/Laotian; Vientiane
latvia: Latvia; Latvian/Latvians; Riga
lebanon: Lebanon; Lebanese; Beirut
lesotho: Lesotho; Basotho; Maseru
liberia: Liberia; Liberian/Liberians; Monrovia
libya: Libya; Libyan/Libyans; Tripoli/Benghazi
liechtenstein: Liechtenstein; ; Vaduz
lithuania: Lithuania; Lithuanian/Lithuanians; Vilnius
luxembourg: Luxembourg; Luxembourgish
madagascar: Madagascar; Malagasy; Antananarivo
malawi: Malawi; Malawian/Malawians; Lilongwe
malaysia: Malaysia; Malaysian/Malaysians; Kuala Lumpur/Putrajaya
maldives: Maldives; Maldivian
mali: Mali; Malian/Malians; Bamako
malta: Malta; Maltese; Valletta
marshall_islands: Marshall Islands; Marshallese; Majuro
mauritania: Mauritania; Mauritanian; Nouakchott
mauritius: Mauritius; Mauritian; Port Louis
mexico: Mexico; Mexican/Mexicans; Mexico City
micronesia: Micronesia; Micronesian; Palikir
moldova: Moldova; Moldovan/Moldovans; Chisinau/Chișinău
monaco: Monaco; Monegasque
mongolia: Mongolia; Mongolian/Mongolians; Ulaanbaatar
montenegro: Montenegro; Montenegrin; Podgorica
morocco: Morocco; Moroccan/Moroccans; Rabat
mozambique: Mozambique; Mozambican/Mozambicans; Maputo
myanmar: Myanmar/Burma; Burmese; Naypyitaw/Naypyidaw/Nay Pyi Taw/Tatmadaw
namibia: Namibia; Namibian/Namibians; Windhoek
nauru: Nauru; Nauruan; Yaren
nepal: Nepal; Nepali/Nepalese; Kathmandu
netherlands: Netherlands/Holland; Dutch; The Hague/Amsterdam
new_zealand: New Zealand; New Zealander/New Zealanders; Wellington
nicaragua: Nicaragua; Nicaraguan/Nicaraguans; Managua
niger: Niger; Nigerien/Nigeriens; Niamey
nigeria: Nigeria; Nigerian/Nigerians; Abuja
north_korea: North Korea/DPRK/Democratic People's Republic of Korea; North Korean/North Koreans; Pyongyang
north_macedonia: North Macedonia/Macedonia; Macedonian/Macedonians; Skopje
norway: Norway; Norwegian/Norwegians; Oslo
oman: Oman; Omani/Omanis; Muscat
pakistan: Pakistan; Pakistani/Pakistanis; Islamabad/Rawalpindi
palau: Palau; Palauan; Ngerulmud
palestinians: Palestine/State of Palestine/Palestinian Authority/PA; Palestinian/Palestinians; Ramallah
panama: Panama; Panamanian/Panamanians; Panama City
papua_new_guinea: Papua New Guinea; Papua New Guinean; Port Moresby
paraguay: Paraguay; Paraguayan/Paraguayans; Asuncion/Asunción
peru: Peru; Peruvian/Peruvians; Lima
philippines: Philippines; Philippine/Filipino/Filipinos; Manila/Malacañang/Malacanang
poland: Poland; Polish/Poles; Warsaw
portugal: Portugal; Portuguese; Lisbon
qatar: Qatar; Qatari/Qataris; Doha
romania: Romania; Romanian/Romanians; Bucharest
russia: Russia/Russian Federation; Russian/Russians; Moscow/Kremlin/the Kremlin
rwanda: Rwanda; Rwandan/Rwandans; Kigali
saint_kitts_and_nevis: Saint Kitts and Nevis/St Kitts and Nevis; Kittitian; Basseterre
saint_lucia: Saint Lucia/St Lucia; Saint Lucian; Castries
saint_vincent_and_the_grenadines: Saint Vincent and the Grenadines; Vincentian; Kingstown
samoa: Samoa; Samoan; Apia
san_marino: San Marino; Sammarinese
sao_tome_and_principe: Sao Tome and Principe/São Tomé and Príncipe; Santomean
saudi_arabia: Saudi Arabia; Saudi/Saudis; Riyadh/Jeddah
senegal: Senegal; Senegalese; Dakar
serbia: Serbia; Serbian/Serbians/Serb/Serbs; Belgrade
seychelles: Seychelles; Seychellois
sierra_leone: Sierra Leone; Sierra Leonean; Freetown
singapore: Singapore; Singaporean/Singaporeans
slovakia: Slovakia; Slovak/Slovaks; Bratislava
slovenia: Slovenia; Slovenian/Slovenians/Slovene; Ljubljana
solomon_islands: Solomon Islands; Solomon Islander; Honiara
somalia: Somalia; Somali/Somalis; Mogadishu
south_africa: South Africa; South African/South Africans; Pretoria/Cape Town
south_korea: South Korea/Republic of Korea/ROK; South Korean/South Koreans; Seoul
south_sudan: South Sudan; South Sudanese; Juba
spain: Spain; Spanish/Spaniards; Madrid/Moncloa
sri_lanka: Sri Lanka; Sri Lankan/Sri Lankans; Colombo
sudan: Sudan; Sudanese; Khartoum/Port Sudan/Omdurman/SAF/Sudanese Armed Forces
suriname: Suriname; Surinamese; Paramaribo
sweden: Sweden; Swedish/Swedes; Stockholm
switzerland: Switzerland; Swiss; Bern
syria: Syria; Syrian/Syrians; Damascus
taiwan: Taiwan/Republic of China; Taiwanese; Taipei
tajikistan: Tajikistan; Tajik/Tajiks; Dushanbe
tanzania: Tanzania; Tanzanian/Tanzanians; Dodoma/Dar es Salaam
thailand: Thailand; Thai; Bangkok
timor_leste: Timor-Leste/East Timor; Timorese; Dili
togo: Togo; Togolese; Lome/Lomé
tonga: Tonga; Tongan; Nuku'alofa
trinidad_and_tobago: Trinidad and Tobago/Trinidad; Trinidadian; Port of Spain
tunisia: Tunisia; Tunisian/Tunisians; Tunis
turkey: Turkey/Türkiye/Turkiye; Turkish/Turks; Ankara
turkmenistan: Turkmenistan; Turkmen; Ashgabat
tuvalu: Tuvalu; Tuvaluan; Funafuti
uganda: Uganda; Ugandan/Ugandans; Kampala
ukraine: Ukraine; Ukrainian/Ukrainians; Kyiv/Kiev/Bankova
united_arab_emirates: United Arab Emirates/UAE/Emirates; Emirati/Emiratis; Abu Dhabi/Dubai
united_kingdom: United Kingdom/Britain/Great Britain/U.K./UK; British/Briton/Britons;
    London/Downing Street/Whitehall
united_states: United States/United States of America/U.S./US/USA/U.S.A./America; American/Americans;
    Washington/White House/Pentagon/State Department/Congress/Capitol Hill
uruguay: Uruguay; Uruguayan/Uruguayans; Montevideo
uzbekistan: Uzbekistan; Uzbek/Uzbeks; Tashkent
vanuatu: Vanuatu; Ni-Vanuatu; Port Vila
vatican: Vatican/Holy See; ; Vatican City
venezuela: Venezuela; Venezuelan/Venezuelans; Caracas/Miraflores/Miraflores Palace
vietnam: Vietnam/Viet Nam; Vietnamese; Hanoi
yemen: Yemen; Yemeni/Yemenis; Aden
zambia: Zambia; Zambian/Zambians; Lusaka
zimbabwe: Zimbabwe; Zimbabwean/Zimbabweans; Harare
europe: European Union/EU/E.U./Europe; European/Europeans; Brussels/European Commission
nato: NATO/Nato/North Atlantic Treaty Organization
"""

#: Non-state armed groups and movements often party to a conflict: id, names.
ARMED_GROUPS = """
hamas: Hamas/Qassam Brigades/al-Qassam Brigades
hezbollah: Hezbollah/Hizbollah/Hizballah
houthis: Houthis/Houthi/Ansar Allah/Ansarallah
rsf: RSF/Rapid Support Forces
m23: M23/March 23 Movement/AFC/M23
tplf: TPLF/Tigray People's Liberation Front/Tigray People’s Liberation Front/Tigrayan forces
eln: ELN/National Liberation Army
farc: FARC/Revolutionary Armed Forces of Colombia
taliban: Taliban
islamic_state: Islamic State/ISIS/ISIL/Daesh
al_shabaab: al-Shabaab/Al-Shabaab/al Shabaab
hts: HTS/Hayat Tahrir al-Sham
pkk: PKK/Kurdistan Workers' Party/Kurdistan Workers’ Party
sdf: SDF/Syrian Democratic Forces
polisario: Polisario/Polisario Front
arakan_army: Arakan Army
"""


def _rows(table: str) -> list[tuple[str, list[str]]]:
    rows = []
    # An indented line continues the row above it.
    for line in re.sub(r"\n\s+", " ", table.strip()).splitlines():
        ident, _, rest = line.partition(":")
        names = [n.strip() for field in rest.split(";") for n in field.split("/") if n.strip()]
        rows.append((ident.strip(), names))
    return rows


@lru_cache(maxsize=1)
def state_aliases() -> dict[str, str]:
    """Every name, demonym and seat in :data:`STATES` and :data:`ARMED_GROUPS` → actor id."""
    lookup: dict[str, str] = {}
    for ident, names in _rows(STATES) + _rows(ARMED_GROUPS):
        for name in names:
            lookup.setdefault(name, ident)
            if name.startswith("the "):
                lookup.setdefault(name[4:], ident)
    return lookup


@lru_cache(maxsize=1)
def seats() -> frozenset[str]:
    """Capitals and seats of government in :data:`STATES` ("Doha", "the Kremlin")."""
    found: set[str] = set()
    for line in re.sub(r"\n\s+", " ", STATES.strip()).splitlines():
        fields = line.partition(":")[2].split(";")
        if len(fields) >= 3:
            for name in fields[2].split("/"):
                name = name.strip()
                if name:
                    found.add(name)
                    found.add(name.removeprefix("the "))
    return frozenset(found)


@lru_cache(maxsize=1)
def group_ids() -> frozenset[str]:
    """Ids of the non-state armed groups in :data:`ARMED_GROUPS`."""
    return frozenset(ident for ident, _ in _rows(ARMED_GROUPS))
