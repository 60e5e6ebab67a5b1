// NANP area code -> where the callee most likely is: US state / Canadian province (ISO 3166-2
// subdivision without the country) and the primary IANA zone. The guard uses it when a contact has
// no region or time zone of its own. Mobile numbers move with people, so this is a default, never
// an override of what the contact record says.
//
// Source: the NANPA's lists of geographic area codes in service (nationalnanpa.com, "NPA
// Database" and the planning letters for the overlays announced through 2025), including
// overlays and codes assigned for relief but not yet in service (a code nobody dials yet costs
// nothing). Where an area code spans two zones, the zone of most of its population is listed:
// 850/448 (Florida panhandle) Central, 219 (north-west Indiana) Central, 270/364 (western
// Kentucky) Central, 423/865 (east Tennessee) Eastern, 915 (El Paso) Mountain, 208/986 (Idaho)
// Mountain, 541/458 (Oregon) Pacific, 701 (North Dakota), 605, 308, 620, 785 Central, 906 (Upper
// Peninsula) Eastern, 807 (north-west Ontario: Thunder Bay) Eastern, 867 (the three territories)
// Yukon. Non-geographic codes (8YY toll free, 500, 521-533 and the other personal/service codes,
// 600, 622, 700, 710, 900) are absent on purpose: they say nothing about the callee.

export interface AreaCodePlace {
  areaCode: string;
  /** ISO 3166-1 alpha-2: US (states, DC and territories), CA, or a Caribbean NANP country. */
  country: string;
  /** ISO 3166-2 subdivision code without the country ("NY", "ON"); null for a whole country. */
  region: string | null;
  /** The IANA zone most of the area code's callees live in. */
  timeZone: string;
}

const ET = "America/New_York";
const CT = "America/Chicago";
const MT = "America/Denver";
const PT = "America/Los_Angeles";

// [country, region, zone, codes]; a code followed by "=Zone" overrides the row's zone.
const ROWS: readonly (readonly [string, string | null, string, string])[] = [
  // United States
  ["US", "AL", CT, "205 251 256 334 483 659 938"],
  ["US", "AK", "America/Anchorage", "907"],
  ["US", "AZ", "America/Phoenix", "480 520 602 623 928"],
  ["US", "AR", CT, "327 479 501 870"],
  ["US", "CA", PT, "209 213 279 310 323 341 350 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 738 747 760 805 818 820 831 837 840 858 909 916 925 949 951"],
  ["US", "CO", MT, "303 719 720 970 983"],
  ["US", "CT", ET, "203 475 860 959"],
  ["US", "DE", ET, "302"],
  ["US", "DC", ET, "202 771"],
  ["US", "FL", ET, `239 305 321 324 352 386 407 448=${CT} 561 645 656 689 727 728 754 772 786 813 850=${CT} 863 904 941 954`],
  ["US", "GA", ET, "229 404 470 478 678 706 762 770 912 943"],
  ["US", "HI", "Pacific/Honolulu", "808"],
  ["US", "ID", "America/Boise", "208 986"],
  ["US", "IL", CT, "217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872"],
  ["US", "IN", "America/Indiana/Indianapolis", `219=${CT} 260 317 463 574 765 812 930`],
  ["US", "IA", CT, "319 515 563 641 712"],
  ["US", "KS", CT, "316 620 785 913"],
  ["US", "KY", "America/Kentucky/Louisville", `270=${CT} 364=${CT} 502 606 859`],
  ["US", "LA", CT, "225 318 337 457 504 985"],
  ["US", "ME", ET, "207"],
  ["US", "MD", ET, "227 240 301 410 443 667"],
  ["US", "MA", ET, "339 351 413 508 617 774 781 857 978"],
  ["US", "MI", "America/Detroit", "231 248 269 313 517 586 616 679 734 810 906 947 989"],
  ["US", "MN", CT, "218 320 507 612 651 763 924 952"],
  ["US", "MS", CT, "228 471 601 662 769"],
  ["US", "MO", CT, "235 314 417 557 573 636 660 816 975"],
  ["US", "MT", MT, "406"],
  ["US", "NE", CT, "308 402 531"],
  ["US", "NV", PT, "702 725 775"],
  ["US", "NH", ET, "603"],
  ["US", "NJ", ET, "201 551 609 640 732 848 856 862 908 973"],
  ["US", "NM", MT, "505 575"],
  ["US", "NY", ET, "212 315 329 332 347 363 516 518 585 607 624 631 646 680 716 718 838 845 914 917 929 934"],
  ["US", "NC", ET, "252 336 472 704 743 828 910 919 980 984"],
  ["US", "ND", CT, "701"],
  ["US", "OH", ET, "216 220 234 283 326 330 380 419 436 440 513 567 614 740 937"],
  ["US", "OK", CT, "405 539 572 580 918"],
  ["US", "OR", PT, "458 503 541 971"],
  ["US", "PA", ET, "215 223 267 272 412 445 484 570 582 610 717 724 814 835 878"],
  ["US", "RI", ET, "401"],
  ["US", "SC", ET, "803 821 839 843 854 864"],
  ["US", "SD", CT, "605"],
  ["US", "TN", CT, `423=${ET} 615 629 731 865=${ET} 901 931`],
  ["US", "TX", CT, "210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 915=America/Denver 936 940 945 956 972 979"],
  ["US", "UT", MT, "385 435 801"],
  ["US", "VT", ET, "802"],
  ["US", "VA", ET, "276 434 540 571 686 703 757 804 826 948"],
  ["US", "WA", PT, "206 253 360 425 509 564"],
  ["US", "WV", ET, "304 681"],
  ["US", "WI", CT, "262 274 353 414 534 608 715 920"],
  ["US", "WY", MT, "307"],
  // US territories in the NANP (ISO 3166-2:US subdivisions; federal TCPA applies).
  ["US", "PR", "America/Puerto_Rico", "787 939"],
  ["US", "VI", "America/St_Thomas", "340"],
  ["US", "GU", "Pacific/Guam", "671"],
  ["US", "MP", "Pacific/Saipan", "670"],
  ["US", "AS", "Pacific/Pago_Pago", "684"],
  // Canada
  ["CA", "AB", "America/Edmonton", "368 403 587 780 825"],
  ["CA", "BC", "America/Vancouver", "236 250 257 604 672 778"],
  ["CA", "MB", "America/Winnipeg", "204 431 584"],
  ["CA", "NB", "America/Moncton", "428 506"],
  ["CA", "NL", "America/St_Johns", "709 879"],
  // 902/782 also serve Prince Edward Island (same zone).
  ["CA", "NS", "America/Halifax", "782 902"],
  ["CA", "ON", "America/Toronto", "226 249 289 343 365 382 416 437 519 548 613 647 683 705 742 753 807 905 942"],
  ["CA", "QC", "America/Toronto", "263 354 367 418 438 450 468 514 579 581 819 873"],
  ["CA", "SK", "America/Regina", "306 474 639"],
  ["CA", "YT", "America/Whitehorse", "867"],
  // Caribbean and Atlantic NANP countries: whole countries, no subdivision.
  ["BS", null, "America/Nassau", "242"],
  ["BB", null, "America/Barbados", "246"],
  ["AI", null, "America/Anguilla", "264"],
  ["AG", null, "America/Antigua", "268"],
  ["VG", null, "America/Tortola", "284"],
  ["KY", null, "America/Cayman", "345"],
  ["BM", null, "Atlantic/Bermuda", "441"],
  ["GD", null, "America/Grenada", "473"],
  ["TC", null, "America/Grand_Turk", "649"],
  ["JM", null, "America/Jamaica", "658 876"],
  ["MS", null, "America/Montserrat", "664"],
  ["SX", null, "America/Lower_Princes", "721"],
  ["LC", null, "America/St_Lucia", "758"],
  ["DM", null, "America/Dominica", "767"],
  ["VC", null, "America/St_Vincent", "784"],
  ["DO", null, "America/Santo_Domingo", "809 829 849"],
  ["TT", null, "America/Port_of_Spain", "868"],
  ["KN", null, "America/St_Kitts", "869"],
];

export const AREA_CODES: ReadonlyMap<string, AreaCodePlace> = (() => {
  const map = new Map<string, AreaCodePlace>();
  for (const [country, region, zone, codes] of ROWS) {
    for (const entry of codes.split(/\s+/)) {
      const [areaCode, override] = entry.split("=") as [string, string | undefined];
      if (!/^[2-9]\d\d$/.test(areaCode)) throw new Error(`Bad area code ${entry}`);
      if (map.has(areaCode)) throw new Error(`Area code ${areaCode} listed twice`);
      map.set(areaCode, { areaCode, country, region, timeZone: override ?? zone });
    }
  }
  return map;
})();

/** Where an E.164 +1 number's area code is, or null (not NANP, non-geographic, unassigned). */
export function areaCodePlace(e164: string | null | undefined): AreaCodePlace | null {
  if (!e164 || !/^\+1[2-9]\d{9}$/.test(e164)) return null;
  return AREA_CODES.get(e164.slice(2, 5)) ?? null;
}

// Contacts imported from spreadsheets carry "New York" as often as "NY".
const SUBDIVISION_NAMES: Record<string, string> = {
  ALABAMA: "AL", ALASKA: "AK", ARIZONA: "AZ", ARKANSAS: "AR", CALIFORNIA: "CA", COLORADO: "CO", CONNECTICUT: "CT",
  DELAWARE: "DE", "DISTRICT OF COLUMBIA": "DC", "WASHINGTON DC": "DC", "WASHINGTON D.C.": "DC", FLORIDA: "FL", GEORGIA: "GA",
  HAWAII: "HI", IDAHO: "ID", ILLINOIS: "IL", INDIANA: "IN", IOWA: "IA", KANSAS: "KS", KENTUCKY: "KY", LOUISIANA: "LA",
  MAINE: "ME", MARYLAND: "MD", MASSACHUSETTS: "MA", MICHIGAN: "MI", MINNESOTA: "MN", MISSISSIPPI: "MS", MISSOURI: "MO",
  MONTANA: "MT", NEBRASKA: "NE", NEVADA: "NV", "NEW HAMPSHIRE": "NH", "NEW JERSEY": "NJ", "NEW MEXICO": "NM",
  "NEW YORK": "NY", "NORTH CAROLINA": "NC", "NORTH DAKOTA": "ND", OHIO: "OH", OKLAHOMA: "OK", OREGON: "OR",
  PENNSYLVANIA: "PA", "RHODE ISLAND": "RI", "SOUTH CAROLINA": "SC", "SOUTH DAKOTA": "SD", TENNESSEE: "TN", TEXAS: "TX",
  UTAH: "UT", VERMONT: "VT", VIRGINIA: "VA", WASHINGTON: "WA", "WEST VIRGINIA": "WV", WISCONSIN: "WI", WYOMING: "WY",
  "PUERTO RICO": "PR", "U.S. VIRGIN ISLANDS": "VI", "US VIRGIN ISLANDS": "VI", GUAM: "GU", "AMERICAN SAMOA": "AS",
  "NORTHERN MARIANA ISLANDS": "MP",
  ALBERTA: "AB", "BRITISH COLUMBIA": "BC", MANITOBA: "MB", "NEW BRUNSWICK": "NB", "NEWFOUNDLAND AND LABRADOR": "NL",
  NEWFOUNDLAND: "NL", "NOVA SCOTIA": "NS", ONTARIO: "ON", "PRINCE EDWARD ISLAND": "PE", QUEBEC: "QC", "QUÉBEC": "QC",
  SASKATCHEWAN: "SK", YUKON: "YT", "NORTHWEST TERRITORIES": "NT", NUNAVUT: "NU",
};

/** "ny", " New York ", "US-NY" -> "NY"; anything unrecognisable -> null. */
export function normalizeRegion(region: string | null | undefined): string | null {
  if (!region) return null;
  const r = region.trim().toUpperCase().replace(/\s+/g, " ");
  if (!r) return null;
  const code = r.replace(/^(US|CA)-/, "");
  if (/^[A-Z]{2}$/.test(code)) return code;
  return SUBDIVISION_NAMES[r] ?? null;
}
