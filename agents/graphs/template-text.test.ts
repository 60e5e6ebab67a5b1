import { describe, expect, it } from "vitest";
import { parseTemplate, pickVariant, referencedVariables, renderTemplate } from "./template-text";

const CHICAGO = { timeZone: "America/Chicago" };
// Tuesday 8 December 2026, 15:30 in Chicago (21:30 UTC).
const START = "2026-12-08T21:30:00.000Z";

describe("template text", () => {
  it("fills dotted paths and leaves missing values empty", () => {
    const ctx = { contact: { firstName: "Ana" }, business: { name: "Bright Smile Dental" } };
    expect(renderTemplate("Hi {{contact.firstName}}, this is {{ business.name }}.", ctx, CHICAGO)).toBe(
      "Hi Ana, this is Bright Smile Dental."
    );
    expect(renderTemplate("Hi {{contact.lastName}}!", ctx, CHICAGO)).toBe("Hi !");
    expect(renderTemplate('Hi {{contact.nickname | default("there")}}!', ctx, CHICAGO)).toBe("Hi there!");
    expect(renderTemplate('Hi {{contact.firstName | default("there") | upper}}!', ctx, CHICAGO)).toBe("Hi ANA!");
  });

  it("says dates and times in the call's time zone", () => {
    const ctx = {
      appointment: { start: START },
      slots: { when: { type: "datetime", start: "2026-12-09T15:00:00Z", grain: "hour", text: "tomorrow at 9" } },
    };
    expect(renderTemplate("{{appointment.start | time}}", ctx, CHICAGO)).toBe("3:30 PM");
    expect(renderTemplate("{{appointment.start | day}}", ctx, CHICAGO)).toBe("Tuesday");
    expect(renderTemplate("{{appointment.start | date}}", ctx, CHICAGO)).toBe("Tuesday, December 8");
    expect(renderTemplate("{{appointment.start | datetime}}", ctx, CHICAGO)).toBe("Tuesday, December 8 at 3:30 PM");
    // A slot value carries its own start; whole hours are said without ":00".
    expect(renderTemplate("{{slots.when | datetime}}", ctx, CHICAGO)).toBe("Wednesday, December 9 at 9 AM");
    expect(renderTemplate("{{appointment.start | time}}", ctx, { timeZone: "Asia/Tokyo" })).toBe("6:30 AM");
    // A bare calendar date stays on its day whatever the zone.
    expect(renderTemplate("{{invoice.dueDate | date}}", { invoice: { dueDate: "2026-12-01" } }, { timeZone: "Pacific/Honolulu" })).toBe(
      "Tuesday, December 1"
    );
  });

  it("formats money from numbers, strings and money values", () => {
    expect(renderTemplate("{{invoice.amountDue | money}}", { invoice: { amountDue: "240.50" } }, CHICAGO)).toBe("$240.50");
    expect(renderTemplate("{{x | money}}", { x: 150 }, CHICAGO)).toBe("$150");
    expect(renderTemplate('{{x | money("EUR")}}', { x: "99.99" }, CHICAGO)).toBe("€99.99");
    expect(
      renderTemplate("{{slots.amount | money}}", { slots: { amount: { type: "money", amount: "150.00", currency: "CAD" } } }, CHICAGO)
    ).toBe("CA$150");
    expect(renderTemplate("{{x | money}}", { x: 12 }, { ...CHICAGO, currency: "GBP" })).toBe("£12");
  });

  it("renders slot values without a filter the way they were meant", () => {
    const ctx = { slots: { ok: { type: "yes_no", value: true }, email: { type: "email", value: "a@b.co" } } };
    expect(renderTemplate("{{slots.email}} / {{slots.ok}}", ctx, CHICAGO)).toBe("a@b.co / true");
  });

  it("rotates variants by turn", () => {
    const text = ["Got it.", "Perfect, thank you.", "Thanks."];
    expect([0, 1, 2, 3].map((t) => pickVariant(text, t))).toEqual(["Got it.", "Perfect, thank you.", "Thanks.", "Got it."]);
    expect(pickVariant("Only one", 7)).toBe("Only one");
    expect(renderTemplate(["A {{x}}", "B {{x}}"], { x: 1 }, { ...CHICAGO, turnCounter: 1 })).toBe("B 1");
  });

  it("lists referenced variables across variants without duplicates", () => {
    expect(
      referencedVariables(["Hi {{contact.firstName}}", "Hello {{ contact.firstName | upper }} at {{appointment.start|time}}"])
    ).toEqual(["contact.firstName", "appointment.start"]);
    expect(referencedVariables(undefined)).toEqual([]);
  });

  it("reports syntax problems: unclosed braces, unknown filters, bad paths", () => {
    expect(parseTemplate("Hi {{contact.firstName").errors[0]).toMatch(/never closed/);
    expect(parseTemplate("{{x | shout}}").errors[0]).toMatch(/Unknown filter "shout"/);
    expect(parseTemplate("{{ }}").errors[0]).toMatch(/names no variable/);
    expect(parseTemplate("{{contact first}}").errors[0]).toMatch(/not a variable path/);
    expect(parseTemplate('{{x | default("a | b")}}').errors).toEqual([]);
    expect(renderTemplate('{{x | default("a | b")}}', {}, CHICAGO)).toBe("a | b");
  });
});
