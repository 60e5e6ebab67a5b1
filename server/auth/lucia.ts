// lucia v3 over our own Session table (through systemDb: sessions are looked up before any
// tenant scope exists). Two instances share one adapter because lifetimes differ by who signs
// in: 8 hours for business users, 4 hours for platform super admins, both sliding (lucia extends
// a session once less than half of its lifetime is left).
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import { systemDb } from "../db";

export const SESSION_COOKIE = "sb_session";
export const BUSINESS_SESSION_HOURS = 8;
export const SUPER_ADMIN_SESSION_HOURS = 4;

interface SessionAttributes {
  tenantId: string | null;
  ip: string | null;
  userAgent: string | null;
}

interface UserAttributes {
  email: string;
  name: string;
  isSuperAdmin: boolean;
}

const adapter: Adapter = {
  async getSessionAndUser(sessionId): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = await systemDb().session.findUnique({
      where: { id: sessionId },
      include: { user: { select: { id: true, email: true, name: true, isSuperAdmin: true } } },
    });
    if (!row) return [null, null];
    const { user, ...session } = row;
    return [
      {
        id: session.id,
        userId: session.userId,
        expiresAt: session.expiresAt,
        attributes: { tenantId: session.tenantId, ip: session.ip, userAgent: session.userAgent },
      },
      { id: user.id, attributes: { email: user.email, name: user.name, isSuperAdmin: user.isSuperAdmin } },
    ];
  },
  async getUserSessions(userId) {
    const rows = await systemDb().session.findMany({ where: { userId } });
    return rows.map((s) => ({
      id: s.id,
      userId: s.userId,
      expiresAt: s.expiresAt,
      attributes: { tenantId: s.tenantId, ip: s.ip, userAgent: s.userAgent },
    }));
  },
  async setSession(session) {
    await systemDb().session.create({
      data: {
        id: session.id,
        userId: session.userId,
        expiresAt: session.expiresAt,
        tenantId: session.attributes.tenantId,
        ip: session.attributes.ip,
        userAgent: session.attributes.userAgent,
      },
    });
  },
  async updateSessionExpiration(sessionId, expiresAt) {
    await systemDb().session.updateMany({ where: { id: sessionId }, data: { expiresAt } });
  },
  async deleteSession(sessionId) {
    await systemDb().session.deleteMany({ where: { id: sessionId } });
  },
  async deleteUserSessions(userId) {
    await systemDb().session.deleteMany({ where: { userId } });
  },
  async deleteExpiredSessions() {
    await systemDb().session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  },
};

function makeLucia(hours: number) {
  return new Lucia(adapter, {
    sessionExpiresIn: new TimeSpan(hours, "h"),
    sessionCookie: {
      name: SESSION_COOKIE,
      // A persistent cookie that lives as long as the session it carries.
      expires: true,
      attributes: { secure: process.env.NODE_ENV === "production", sameSite: "lax" },
    },
    getSessionAttributes: (a: SessionAttributes) => ({ tenantId: a.tenantId, ip: a.ip, userAgent: a.userAgent }),
    getUserAttributes: (a: UserAttributes) => ({ email: a.email, name: a.name, isSuperAdmin: a.isSuperAdmin }),
  });
}

const businessLucia = makeLucia(BUSINESS_SESSION_HOURS);
const superAdminLucia = makeLucia(SUPER_ADMIN_SESSION_HOURS);

/** The lucia instance whose lifetime applies to this user. */
export function luciaFor(user: { isSuperAdmin: boolean }) {
  return user.isSuperAdmin ? superAdminLucia : businessLucia;
}

/** Either instance reads and clears cookies the same way (same name and attributes). */
export const cookies = businessLucia;

declare module "lucia" {
  interface Register {
    Lucia: typeof businessLucia;
    DatabaseSessionAttributes: SessionAttributes;
    DatabaseUserAttributes: UserAttributes;
  }
}
