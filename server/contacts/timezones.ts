// Which IANA zone a phone number most likely lives in. Countries with one zone (or one zone
// where nearly everyone lives) map directly; the US and Canada span six, so their area codes
// decide. Mobile numbers move with people, so this is only the default when a contact has no
// explicit zone; unknown area codes return null and the business's zone applies.

const COUNTRY_ZONE: Record<string, string> = {
  GB: "Europe/London", IE: "Europe/Dublin", FR: "Europe/Paris", DE: "Europe/Berlin", ES: "Europe/Madrid",
  PT: "Europe/Lisbon", IT: "Europe/Rome", NL: "Europe/Amsterdam", BE: "Europe/Brussels", LU: "Europe/Luxembourg",
  CH: "Europe/Zurich", AT: "Europe/Vienna", DK: "Europe/Copenhagen", SE: "Europe/Stockholm", NO: "Europe/Oslo",
  FI: "Europe/Helsinki", PL: "Europe/Warsaw", CZ: "Europe/Prague", SK: "Europe/Bratislava", HU: "Europe/Budapest",
  RO: "Europe/Bucharest", BG: "Europe/Sofia", GR: "Europe/Athens", HR: "Europe/Zagreb", SI: "Europe/Ljubljana",
  RS: "Europe/Belgrade", UA: "Europe/Kyiv", TR: "Europe/Istanbul", IL: "Asia/Jerusalem", AE: "Asia/Dubai",
  SA: "Asia/Riyadh", EG: "Africa/Cairo", ZA: "Africa/Johannesburg", NG: "Africa/Lagos", KE: "Africa/Nairobi",
  MA: "Africa/Casablanca", IN: "Asia/Kolkata", PK: "Asia/Karachi", BD: "Asia/Dhaka", SG: "Asia/Singapore",
  MY: "Asia/Kuala_Lumpur", TH: "Asia/Bangkok", VN: "Asia/Ho_Chi_Minh", PH: "Asia/Manila", HK: "Asia/Hong_Kong",
  CN: "Asia/Shanghai", TW: "Asia/Taipei", JP: "Asia/Tokyo", KR: "Asia/Seoul", NZ: "Pacific/Auckland",
  AR: "America/Argentina/Buenos_Aires", CL: "America/Santiago", CO: "America/Bogota", PE: "America/Lima",
  MX: "America/Mexico_City", BR: "America/Sao_Paulo", AU: "Australia/Sydney", RU: "Europe/Moscow",
  ID: "Asia/Jakarta", PR: "America/Puerto_Rico", JM: "America/Jamaica", DO: "America/Santo_Domingo",
};

// North American area codes by zone (the large ones; unlisted codes fall back to the business's zone).
const NANP_ZONES: Record<string, string> = {
  "America/New_York":
    "201 202 203 207 212 215 216 229 231 234 239 240 248 252 267 269 276 301 302 304 305 313 315 321 330 332 336 339 347 351 352 386 401 404 407 410 412 413 434 440 443 470 475 478 484 502 508 513 516 517 518 540 551 561 567 570 571 585 586 603 607 609 610 614 616 617 631 646 678 680 703 704 706 716 717 718 724 727 732 734 740 754 757 762 770 772 774 781 786 802 803 804 810 813 814 828 835 843 845 848 850 856 857 859 860 862 863 864 878 904 908 910 912 914 917 919 929 937 941 947 954 959 973 978 980 984 989",
  "America/Chicago":
    "205 210 214 217 218 219 224 225 251 254 256 262 270 281 309 312 314 316 318 319 320 331 334 337 346 361 409 414 417 430 432 469 479 501 504 507 512 515 563 573 601 605 608 612 615 618 620 630 636 641 651 660 662 682 708 712 713 715 731 737 763 769 773 779 785 806 815 816 817 830 832 847 870 872 901 903 913 918 920 931 936 940 945 952 956 972 979 985",
  "America/Denver": "303 307 385 406 435 505 575 701 719 720 801 970",
  "America/Phoenix": "480 520 602 623 928",
  "America/Los_Angeles":
    "206 209 213 253 310 323 341 360 408 415 424 425 442 503 509 510 530 541 559 562 619 626 628 650 657 661 669 702 707 714 725 747 760 775 805 818 831 858 909 916 925 949 951 971",
  "America/Anchorage": "907",
  "Pacific/Honolulu": "808",
  "America/Toronto": "226 249 289 343 365 416 437 519 613 647 705 807 905",
  "America/Montreal": "418 438 450 514 579 581 819 873",
  "America/Vancouver": "236 250 604 672 778",
  "America/Edmonton": "368 403 587 780 825",
  "America/Winnipeg": "204 431",
  "America/Regina": "306 639",
  "America/Halifax": "782 902",
  "America/St_Johns": "709",
};

const AREA_CODE_ZONE = new Map<string, string>();
for (const [zone, codes] of Object.entries(NANP_ZONES)) {
  for (const code of codes.split(" ")) if (/^\d{3}$/.test(code)) AREA_CODE_ZONE.set(code, zone);
}

/** The zone for an E.164 number in `country`, or null when we cannot tell. */
export function timezoneForNumber(e164: string, country: string | null): string | null {
  if (e164.startsWith("+1") && (country === "US" || country === "CA" || country === null)) {
    return AREA_CODE_ZONE.get(e164.slice(2, 5)) ?? null;
  }
  return country ? (COUNTRY_ZONE[country] ?? null) : null;
}

/** True when `zone` is an IANA zone this runtime knows. */
export function isValidTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
