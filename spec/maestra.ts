import { defineSystem, type SectionBuilder } from "policyc";

// The marketing platform's permission lookup page (seed document maestra-platform-permissions.txt).
//
// Readings chosen throughout (each one is repeated on the spec line it concerns):
// - `+` and `,` join permissions that are all needed; `or` (often glued: "...tasksorView ...") separates alternatives.
//   The one exception is the promotions list "A, B, or C", an English list of alternatives.
// - Parentheses that switch a permission on only for part of the action ("(if changing the integration)",
//   "(to include name, email, phone, DOB)", "(to add an “Export event log” step)") are context flags read with onlyIf.
//   Parentheses that explain why the permission is always needed ("(to see the task and download the file)",
//   "(to pick a participant segment)", "(tab)") are kept in `text` only.
// - A page's open requirement applies to every action on it and below it. The one row the document exempts says so:
//   "To open a specific campaign: the channel’s messages permission" (`inherit: false`, no View campaign manager).
//   Integrations is both a heading and a page; its rows carry View integrations, while the pages under it have their
//   own requirements (two are open to any project user).
// - Paths are the document's headings. Where one heading and one table cover two sections ("Pop-ups, Embedded blocks")
//   there is one page; the messaging channel pattern is one page per channel, named as in the document's channel table.
// - Restrictions written as "X can't be ..." (system, internal, in-use groups) need the request's resource to state
//   the flag false: an omitted flag is refused (fail closed).
// - Rules written as sentences rather than table rows ("To open a specific campaign", "To assign a permission group",
//   the Bulk Tasks bullets) are actions whose `row` is the document's own wording.
// - The document lists no permission groups by name, so no roles are declared; the group rules read the group from
//   the resource (`group`, `groupPermissions`, `groupSystem`, `groupInternal`, `groupHasUsers`).
const maestra = defineSystem({
  id: "maestra",
  title: "Maestra Platform",
  document: "maestra-platform-permissions.txt",
  permissions: {
    // --- Customer Data Platform: customers and profiles ---
    "View customer list": {},
    "View customer": {},
    "View and edit customer personal details": {},
    "Edit customer segment": {},
    "Add actions": {},
    "Edit customer balances": {},
    "Manual customer merging": {},
    "Delete customers": {},
    "Add customer": {},
    "Edit customer": {},
    "Edit email validity": {},
    "Order cancellation": {},
    "Export customers": {
      description: "Export files of customers, product lists, customer discount cards, blocklist contacts, customer segment changes.",
    },
    "Export personal data": { description: "Include name, email, phone and DOB in a customer export." },
    "Export areas": { description: "Export files of areas." },
    // --- Customer Data Platform: actions ---
    "View actions": {},
    "Actions bulk import": {},
    "Export actions": { description: "Export files of customer actions, orders, order line items, balance change history." },
    "Delete customer actions": {},
    "Export messages": { description: "Export files of campaigns." },
    // --- Customer Data Platform: segments and products ---
    "View segment groups": {},
    "Edit segments": {},
    "View products": {},
    "Export products": { description: "Export files of products, product categories, product segment changes." },
    "Edit product list": {},
    // --- Bulk tasks (used across the platform) ---
    "Add bulk tasks": {},
    "View personal bulk tasks only": {
      description: "Shows only non-system tasks created from the logged-in user’s account; own tasks only for import source files.",
    },
    "View non-system tasks": { description: "User tasks (auto-deletion, manual deletion, segment imports, report or export)." },
    // The Segments table writes "View system tasks (Maestra staff only)", Bulk Tasks writes "View all system tasks (Maestra staff only)".
    "View all system tasks": {
      // "View system tasks" (Segments) is the same permission: accepted as an alias.
      aliases: ["View system tasks"],
      staffOnly: true,
      description: "Technical tasks (segment recalcs, campaign sends).",
      note: "Also written \"View system tasks\" (Segments). Read as one permission: both are staff-only and scheduled segment recalcs are system tasks; the Bulk Tasks list, which defines the task-visibility permissions, gives the name.",
    },
    "View imports input files": { description: "Download files from any task." },
    "Manage tasks": {},
    "Force tasks": {},
    "Export statuses": { description: "Export files of campaign statuses." },
    "Export flows": { description: "Export files of flows." },
    "Export promotions": { description: "Export files of promotions." },
    // --- Campaign Manager ---
    "View campaign manager": {},
    "Edit folders": {},
    // Name kept as written although it restricts staff to folders, not segments.
    "Limit campaigns to segments": {
      description: "Needed to restrict staff to specific folders only.",
      note: "The name speaks of segments but the document uses it to restrict staff to folders; kept as written.",
    },
    "View and edit email messages": { description: "Channel messages permission for Email." },
    "View and edit SMS messages": { description: "Channel messages permission for SMS." },
    "View and edit mobile push messages": { description: "Channel messages permission for Mobile push." },
    "View and edit web push notifications": { description: "Channel messages permission for Web push." },
    "View and edit Viber messages": { description: "Channel messages permission for Viber." },
    "Campaign sending": {},
    "Send test messages": {},
    "View brands": {},
    // One permission whose name contains commas, not three.
    "Create, edit and delete blocks in the email constructor": {
      note: "A single permission name that contains a comma (the cell is one permission, not \"Create\" + \"edit and delete blocks ...\").",
    },
    "Export event log": { description: "Needed to add an “Export event log” step to an API method." },
    "Export dashboards": { description: "Export files of bulk and dynamic campaign reports; needed to add an “Export report” step to an API method." },
    // --- Personalization ---
    "View and edit website personalization forms": {},
    "View product recommendation algorithms": {},
    "View in-apps": {},
    "Run and edit In-apps": {},
    // --- Automations ---
    "View flows": {},
    "Edit flows": {},
    "Export customers from scenario execution report": { description: "Export files of customers from flow step executions." },
    'View and edit "MMS and messengers" messages': { description: "Wallet / OSMICards / Telegram campaigns." },
    // --- Loyalty ---
    "View promotions": { description: "Read-only access to promotions." },
    "View and edit promotions": { description: "Change draft, completed, archived and stopped promotions." },
    "View and launch promotions": { description: "All promotion types; start, stop and archive promotions." },
    "View gift cards": {},
    // The Promo code pools page writes "View promo code"; every other place writes "View promo codes".
    "View promo codes": {
      // "View promo code" (Promo code pools) is the same permission: accepted as an alias.
      aliases: ["View promo code"],
      note: "Also written \"View promo code\" (Promo code pools open requirement): read as the same permission, a typo for the plural used everywhere else.",
    },
    "Edit promo codes": {},
    "Export promo codes": {},
    // --- Analytics & A/B tests ---
    "View reports": {},
    "View A/B tests": {},
    "Run and edit A/B tests": {},
    // --- Integrations ---
    "View integrations": {},
    "Edit integrations": {},
    "Manage secret keys": { description: "View and copy any keys; edit FTP login/password; view static IPs, add or view secret headers." },
    "Edit third-party system connectors": {},
    "Edit external systems": {},
    "View webhook builder": {},
    "Webhook builder access": { description: "Send webhooks from static IPs; add, delete, edit and clone webhooks." },
    "View integration logs": {},
    "Export integration logs": { description: "Export files of operation and webhook logs." },
    "Customer token verification": {},
    // --- Settings: System ---
    "Edit project settings": {},
    "Edit auto-deletion settings": {},
    "Add and edit brands": {},
    "View custom fields": {},
    "Edit custom fields": {},
    // --- Settings: Security ---
    "View and export the users list": {},
    // The Profile table writes "Add Edit users"; read as "add" + this permission.
    "Edit users": {
      // A request that takes "Add Edit users" for a name still means this permission: accepted as an alias.
      aliases: ["Add Edit users"],
      note: "The Profile table writes \"Add Edit users\" in its \"Required permissions\" column: read as \"add Edit users\" to the row above (Edit your profile), not as a permission named \"Add Edit users\".",
    },
    "View users": {},
    "Limit staff campaign access": { description: "Needed when restricting a user's campaign access." },
    "View permission groups": {},
    "Edit permission groups": {},
    "View security policy": {},
    // The colon is part of the name: a distinct permission, not "Manage security policy" with a scope.
    "Manage security policy: partial access": {
      note: "Name kept with its colon: it is a permission of its own (edit the alternative login user list), distinct from Edit security policy.",
    },
    "Edit security policy": {},
    "View activity logs": {},
    // --- Settings: Customers and actions ---
    "View discount cards list": {},
    "Discount card bulk tasks": {},
    "Manage discount card types": {},
    "View action template list": {},
    "Edit action template list": {},
    "View touchpoint list": {},
    "Edit touchpoint list": {},
    // --- Settings: Products and orders ---
    "Edit order settings": {},
    // --- Settings: Communication ---
    "Edit subscription topics": { description: "Needed to open the Campaign settings area at all." },
    "Edit email settings": {},
    "Edit default UTM tags": {},
    "Edit SMS settings": {},
    "Editing global control group settings": {},
    "Delete SMS connections": {},
    "Edit Viber settings": {},
    "Delete Viber connections": {},
    // --- Help ---
    "View message template variables": { description: "The Dynamic parameters tab." },
    "Project monitoring access": {},
    // --- Billing & profile ---
    // Spelling "detalization" kept as written.
    "View billing detalization": { note: "Spelling \"detalization\" kept as written: requests carry the document's names." },
    "Ability to manage billing": {},
    "Manage personal user profile": {},
  },
  context: {
    multibrand: { description: "The project is multibrand (has several brands): adding a campaign or a flow then needs View brands." },
    includesPersonalData: { description: "The customer export includes personal data (name, email, phone, DOB)." },
    restrictToFolders: { description: "Staff are being restricted to specific folders only." },
    addsExportEventLogStep: { description: "An “Export event log” step is being added to the API method." },
    addsExportReportStep: { description: "An “Export report” step is being added to the API method." },
    changingIntegration: { description: "The edit changes the integration." },
    changingExternalSystem: { description: "The edit changes the external system." },
    changingAlgorithm: { description: "The edit changes the recommendation algorithm." },
    refiningSegment: { description: "The new in-app's targeting segment is being refined." },
    changingSegment: { description: "The edit changes the targeting or participant segment." },
    editingCredentials: { description: "The FTP import's login/password is being edited." },
    sendingFromStaticIps: { description: "The webhook integration sends from static IPs." },
    viewingSecrets: { description: "The user views static IPs, or adds or views secret headers." },
    restrictingCampaignAccess: { description: "The edit restricts the user's campaign access." },
    grantedPermissions: { kind: "permissionList", description: "Additional permissions being granted to the user." },
  },
  resource: {
    promotionStatus: {
      kind: "enum",
      values: ["draft", "completed", "archived", "stopped", "active"],
      description: "Status of the promotion acted on; \"active\" stands for every status the document's list leaves out.",
    },
    channel: {
      kind: "enum",
      values: ["Email", "SMS", "Mobile push", "Web push", "Viber"],
      description: "Messaging channel of the bulk campaign sent from the Customers page; when given, that channel's messages permission is needed (omitted: any channel's).",
    },
    group: { kind: "roleName", description: "The permission group being assigned." },
    groupPermissions: { kind: "permissionList", description: "Every permission of the permission group acted on." },
    groupInternal: { kind: "flag", description: "The permission group is a Maestra internal group (it can't be assigned). Assigning needs it stated false; omitted is refused." },
    groupSystem: { kind: "flag", description: "The permission group is a system permission group (it can't be edited or deleted). Editing and deleting need it stated false; omitted is refused." },
    groupHasUsers: { kind: "flag", description: "Users are assigned to the permission group (it can't be deleted). Deleting needs it stated false; omitted is refused." },
  },
});
const { all, any, none, anyUser, onlyIf, require, ctx, resourceIn, resourceIs, memberOf, holdsAll } = maestra.req;

/** A permission name of this system. */
type Permission = Extract<Parameters<typeof all>[0], string>;

// "View non-system tasksorView personal bulk tasks only": a glued "or", either task-view permission.
const BULK_TASK_VIEW = () => any("View non-system tasks", "View personal bulk tasks only");

/**
 * "X can't be ...": allowed only when the request states the resource flag false. Fail closed: a group whose flag the
 * request does not state might be a system, internal or in-use group, so it is refused.
 */
const unless = (attribute: "groupSystem" | "groupInternal" | "groupHasUsers") => require(resourceIs(attribute, false));

/** The five messaging channels and their "Channel messages permission" (the document's channel table). */
const CHANNELS = [
  { title: "Email", id: "email", permission: "View and edit email messages", emailBuilder: true },
  { title: "SMS", id: "sms", permission: "View and edit SMS messages", emailBuilder: false },
  { title: "Mobile push", id: "mobile_push", permission: "View and edit mobile push messages", emailBuilder: false },
  { title: "Web push", id: "web_push", permission: "View and edit web push notifications", emailBuilder: false },
  { title: "Viber", id: "viber", permission: "View and edit Viber messages", emailBuilder: false },
] as const satisfies ReadonlyArray<{ title: string; id: string; permission: Permission; emailBuilder: boolean }>;

/**
 * One messaging channel section: the document's pattern table with the channel's messages permission swapped in.
 * "To open the channel section: View campaign manager + the channel’s messages permission. To open a specific campaign:
 * the channel’s messages permission." The section opens with the channel permission on top of the Campaign Manager's
 * View campaign manager; opening a specific campaign does not inherit either and needs the channel permission alone.
 */
function messagingChannel(
  section: SectionBuilder<Permission>,
  title: string,
  id: string,
  channelPermission: Permission,
  options: { emailBuilder: boolean },
): void {
  const OPEN_SECTION = "To open the channel section: View campaign manager + the channel’s messages permission.";
  section.section(
    title,
    {
      id,
      // On top of View campaign manager, inherited from the Campaign Manager.
      open: channelPermission,
      openText: OPEN_SECTION,
      note: `The channel's messages permission is "${channelPermission}". Opening the section needs View campaign manager + that permission; opening a specific campaign that permission alone.`,
    },
    (c) => {
      // "To open a specific campaign: the channel’s messages permission." — neither View campaign manager nor the section.
      c.action("open a specific campaign", channelPermission, {
        id: "open_campaign",
        inherit: false,
        text: "To open a specific campaign: the channel’s messages permission.",
        note: "The document contrasts it with opening the channel section: a specific campaign needs only the channel's messages permission, not View campaign manager.",
      });
      c.action("Add a campaign", onlyIf(ctx("multibrand"), "View brands"), { text: "View brands (multibrand projects only)" });
      c.action("Start / Schedule / Stop / Cancel / Finish editing an automated campaign", "Campaign sending", {
        id: "start_stop_campaign",
        text: "Campaign sending",
      });
      c.action("Send a test message", "Send test messages", { text: "Send test messages" });
      // "None — the channel’s messages permission is enough": the section's requirement alone (README: the page requirement suffices).
      c.action("Copy / Delete / Run test mode", none(), {
        text: "None — the channel’s messages permission is enough",
        note: "\"None — X is enough\": the channel section's requirement (View campaign manager + the channel's messages permission) alone.",
      });
      // "(Email only)": the row exists for the Email channel alone.
      if (options.emailBuilder) {
        c.action("Save or edit a template version in the email builder (Email only)", "Create, edit and delete blocks in the email constructor", {
          id: "save_template_version",
          text: "Create, edit and delete blocks in the email constructor",
        });
      }
    },
  );
}

// ============================================================ Customer Data Platform
maestra.area("Customer Data Platform", { id: "cdp" }, (cdp) => {
  cdp.section(
    "Customers",
    { id: "customers", open: all("View customer list", "View customer"), openText: "To open this page: View customer list + View customer" },
    (p) => {
      p.action("View or edit name, email, and phone", "View and edit customer personal details", { id: "edit_contact_details", text: "View and edit customer personal details" });
      p.action("Add to a segment / Remove from a segment", all("Edit customer segment", "View segment groups"), { id: "add_remove_segment", text: "Edit customer segment, View segment groups" });
      p.action("Assign an action", all("Add actions", "View campaign manager"), { text: "Add actions, View campaign manager" });
      p.action("Edit bonus balance", "Edit customer balances", { text: "Edit customer balances" });
      p.action("Merge customers", "Manual customer merging", { text: "Manual customer merging" });
      p.action("Issue a promo code", all("View promo codes", "Edit promo codes"), { text: "View promo codes, Edit promo codes" });
      p.action("Delete customers", { text: "Delete customers" });
      p.action("Add a customer", "Add customer", { text: "Add customer" });
      p.action("Import customers", all("Add customer", "Edit customer", "Add bulk tasks"), { text: "Add customer, Edit customer, Add bulk tasks" });
      p.action("Edit the product list", "Add actions", { text: "Add actions" });
      p.action("Import areas", "Edit order settings", { text: "Edit order settings" });
      // "(to include ...)" is a condition; "(to see the task and download the file)" explains the task permission, always needed.
      p.action(
        "Export customers",
        all("Export customers", onlyIf(ctx("includesPersonalData"), "Export personal data"), BULK_TASK_VIEW()),
        {
          text: "Export customers + Export personal data (to include name, email, phone, DOB) + View non-system tasksorView personal bulk tasks only (to see the task and download the file)",
          note: "Export personal data only when the export includes name, email, phone or DOB; one of the two task-view permissions is always needed (the parenthesis explains why).",
        },
      );
      p.action("New export button", all("Export customers", "Edit folders", "View campaign manager"), { text: "Export customers, Edit folders, View campaign manager" });
      p.action("Export areas", all("Export areas", BULK_TASK_VIEW()), { text: "Export areas + View non-system tasksorView personal bulk tasks only" });
      p.action("Export the blocklist", all("Export customers", BULK_TASK_VIEW()), { text: "Export customers + View non-system tasksorView personal bulk tasks only" });
      p.action("Create a segment", "View segment groups", { text: "View segment groups" });
      p.action("Edit a segment", "Edit segments", { text: "Edit segments" });
      // Cross-reference resolved to the Messaging channels rules; the campaign's channel, when the request names it, picks the permission.
      p.action(
        "Send bulk campaign",
        all(
          "View campaign manager",
          // Some channel's messages permission: the campaign is in one of the five channel sections.
          any(...CHANNELS.map((c) => c.permission)),
          // When resource.channel names the channel, that channel's permission (omitted: any channel's is enough).
          ...CHANNELS.map((c) => onlyIf(resourceIn("channel", c.title), c.permission)),
          onlyIf(ctx("multibrand"), "View brands"),
          "Campaign sending",
        ),
        {
          text: "See the Campaigns section",
          note: "Cross-reference read as the Messaging channels rules: open the campaign's channel section (View campaign manager + a channel's messages permission — the one of resource.channel when given, any one otherwise), add the campaign (View brands in multibrand projects) and start it (Campaign sending).",
        },
      );
    },
  );

  cdp.section(
    "Customer profile",
    { id: "customer_profile", open: all("View customer list", "View customer"), openText: "To open a profile: View customer list + View customer" },
    (p) => {
      p.action("View or edit name, email, and phone", "View and edit customer personal details", { id: "edit_contact_details", text: "View and edit customer personal details" });
      p.action("Edit the customer / Issue a discount card", "Edit customer", { id: "edit_customer", text: "Edit customer" });
      p.action("Mark an email as valid", "Edit email validity", { text: "Edit email validity" });
      p.action("Add an action", all("Add actions", "View campaign manager"), { text: "Add actions, View campaign manager" });
      p.action("Cancel an order", "Order cancellation", { text: "Order cancellation" });
      p.action("Update balance", "Edit customer balances", { text: "Edit customer balances" });
      // From the open sentence "To see customer actions in detail: View actions".
      p.action("see customer actions in detail", "View actions", {
        id: "see_actions_in_detail",
        text: "To see customer actions in detail: View actions",
        note: "Second half of the open sentence: an action of the profile, not part of opening it.",
      });
    },
  );

  cdp.section("Actions", { id: "actions" }, (actions) => {
    actions.section("Actions page", { id: "page", open: "View actions", openText: "To open this page: View actions" }, (p) => {
      p.action("Import", "Actions bulk import", { text: "Actions bulk import" });
      p.action("Export", "Export actions", { text: "Export actions" });
      p.action("Delete actions", "Delete customer actions", { text: "Delete customer actions" });
      p.action("Cancel an order", "Order cancellation", { text: "Order cancellation" });
    });
    actions.section("Campaign Engagement page", { id: "engagement", open: "View actions", openText: "To open this page: View actions" }, (p) => {
      p.action("Export", "Export messages", { text: "Export messages" });
    });
  });

  cdp.section(
    "Segments",
    { id: "segments", open: "View segment groups", openText: "To open the section or a segment: View segment groups" },
    (p) => {
      // From the open sentence: opening a segment needs nothing beyond View segment groups.
      p.action("a segment", none(), {
        id: "open_segment",
        text: "To open the section or a segment: View segment groups",
        note: "Taken from the open sentence (\"To open the section or a segment\"): opening a segment needs nothing beyond View segment groups.",
      });
      p.action("Add / Edit / Delete / See where it’s used", "Edit segments", { id: "edit", text: "Edit segments" });
      p.action("Import", "Add bulk tasks", { text: "Add bulk tasks" });
      // "(scheduled segments only)" qualifies the row (only scheduled segments have a task), not a condition; name unified with Bulk Tasks.
      p.action("View the task (scheduled segments only)", "View all system tasks", {
        id: "view_task",
        text: "View system tasks (Maestra staff only)",
        note: "\"View system tasks\" is read as \"View all system tasks\" (staff only). \"(scheduled segments only)\" says which segments have a task at all; it is kept in the row, not modelled as a condition.",
      });
    },
  );

  cdp.section(
    "Products",
    { id: "products", open: "View products", openText: "To open the section, add, edit, or delete a product: View products" },
    (p) => {
      // From the open sentence: adding, editing and deleting a product need nothing beyond View products.
      p.action("add, edit, or delete a product", none(), {
        id: "edit_product",
        text: "To open the section, add, edit, or delete a product: View products",
        note: "Taken from the open sentence: nothing beyond View products.",
      });
      p.action("Import products or manufacturers", "Add bulk tasks", { id: "import", text: "Add bulk tasks" });
      p.action("YML import settings", all("Edit third-party system connectors", "Edit product list"), { text: "Edit third-party system connectors, Edit product list" });
      p.action("Export", all("Export products", BULK_TASK_VIEW()), { text: "Export products + View non-system tasksorView personal bulk tasks only" });
    },
  );
});

// ============================================================ Campaign Manager
// An area of its own (the document's "Campaigns" jump target); the channels and API methods sit inside it and inherit
// View campaign manager, except opening a specific channel campaign (see messagingChannel).
maestra.area(
  "Campaign Manager",
  {
    id: "campaigns",
    open: "View campaign manager",
    openText: "To open the Campaign Manager: View campaign manager",
    note: "Folder-restricted users only see the allowed folders (a filter on what is listed, not an access rule). Surveys, Promo code pools and API methods are visible by default.",
  },
  (cm) => {
    // "(if you need to restrict staff to specific folders only)" is a condition.
    cm.action("Add / Edit / Delete a folder", all("Edit folders", onlyIf(ctx("restrictToFolders"), "Limit campaigns to segments")), {
      id: "edit_folder",
      text: "Edit folders +Limit campaigns to segments (if you need to restrict staff to specific folders only)",
      note: "View campaign manager is the Campaign Manager's open requirement; Limit campaigns to segments is needed only when the folder restricts staff to specific folders.",
    });

    cm.section(
      "Messaging channels (Email, SMS, Mobile push, Web push, Viber)",
      { id: "channels", note: "A pattern: the same rows for five channels, each with its own channel messages permission; each channel is a page named as in the document's channel table." },
      (channels) => {
        for (const c of CHANNELS) messagingChannel(channels, c.title, c.id, c.permission, { emailBuilder: c.emailBuilder });
      },
    );

    cm.section(
      "API methods",
      // "To open the section or view the spec: View campaign manager": the Campaign Manager's own, nothing more.
      {
        id: "api_methods",
        open: none(),
        openText: "To open the section or view the spec: View campaign manager",
      },
      (p) => {
        // From the open sentence.
        p.action("view the spec", none(), { id: "view_spec", text: "To open the section or view the spec: View campaign manager", note: "Taken from the open sentence: nothing beyond View campaign manager." });
        // Both parentheses name the step being added: conditions.
        p.action(
          "Add / Edit / Delete",
          all("Edit folders", onlyIf(ctx("addsExportEventLogStep"), "Export event log"), onlyIf(ctx("addsExportReportStep"), "Export dashboards")),
          {
            id: "edit",
            text: "Edit folders + Export event log (to add an “Export event log” step) + Export dashboards (to add an “Export report” step)",
            note: "Export event log and Export dashboards are needed only when adding the matching step.",
          },
        );
      },
    );
  },
);

// ============================================================ Personalization
maestra.area("Personalization", { id: "personalization" }, (pz) => {
  pz.section(
    "Recommendation widgets",
    {
      id: "recommendation_widgets",
      open: all("View campaign manager", "View and edit website personalization forms"),
      openText: "To open the section: View campaign manager + View and edit website personalization forms",
    },
    (p) => {
      p.action("Add", all("View integrations", "Edit external systems", "View product recommendation algorithms"), {
        text: "View integrations, Edit external systems, View product recommendation algorithms",
      });
      // Each "(if changing ...)" is its own condition.
      p.action(
        "Edit",
        all(
          onlyIf(ctx("changingIntegration"), "View integrations"),
          onlyIf(ctx("changingExternalSystem"), "Edit external systems"),
          onlyIf(ctx("changingAlgorithm"), "View product recommendation algorithms"),
        ),
        {
          text: "View integrations (if changing the integration), Edit external systems (if changing the external system), View product recommendation algorithms (if changing the algorithm)",
          note: "Each permission only when the edit changes what it names; an edit that changes none needs only the section.",
        },
      );
      p.action("Start / Stop / Delete", none(), { text: "None — View and edit website personalization forms is enough" });
    },
  );

  // "To open either section": one heading and one table for Pop-ups and Embedded blocks, so one page under that heading.
  pz.section(
    "Pop-ups, Embedded blocks",
    {
      id: "forms",
      open: all("View campaign manager", "View and edit website personalization forms"),
      openText: "To open either section: View campaign manager + View and edit website personalization forms",
      note: "\"To open either section\": Pop-ups and Embedded blocks are two sections of the platform with the same rules; the document gives them one heading and one table, modelled as one page.",
    },
    (s) => {
      s.action("Add", "View integrations", { text: "View integrations" });
      // "(only if changing the integration)" is a condition.
      s.action("Edit", onlyIf(ctx("changingIntegration"), "View integrations"), { text: "View integrations (only if changing the integration)" });
      s.action("Start / Stop / Delete", none(), { text: "None — View and edit website personalization forms is enough" });
    },
  );

  pz.section(
    "In-app",
    { id: "in_app", open: all("View campaign manager", "View in-apps"), openText: "To open the section: View campaign manager + View in-apps" },
    (p) => {
      // "(if refining the targeting segment)" is a condition.
      p.action("Add", all("Run and edit In-apps", "View integrations", onlyIf(ctx("refiningSegment"), "View segment groups")), {
        text: "Run and edit In-apps, View integrations, View segment groups (if refining the targeting segment)",
        note: "View segment groups only when the targeting segment is refined.",
      });
      // "(if changing the targeting segment)" is a condition; a delete never sets it.
      p.action("Edit / Delete", all("View integrations", onlyIf(ctx("changingSegment"), "View segment groups")), {
        id: "edit_delete",
        text: "View integrations, View segment groups (if changing the targeting segment)",
        note: "View segment groups only when the targeting segment changes; the document does not list Run and edit In-apps here.",
      });
      // A glued "or": literally either permission is enough.
      p.action("Start / Stop", any("Run and edit In-apps", "View integrations"), {
        text: "Run and edit In-appsorView integrations",
        note: "Read literally as alternatives (the glued \"or\"), though View integrations alone starting an in-app is surprising.",
      });
    },
  );

  pz.section("Surveys", { id: "surveys", open: "View campaign manager", openText: "To open the section: View campaign manager" }, (p) => {
    p.action("Add / Edit / Delete", "Edit folders", { id: "edit", text: "Edit folders" });
  });

  pz.section(
    "Product recommendations",
    { id: "product_recommendations", open: "View product recommendation algorithms", openText: "Required permission: View product recommendation algorithms" },
    () => {},
  );

  pz.section(
    "Communication boosters → Popup frequency control",
    { id: "popup_frequency", open: "View and edit website personalization forms", openText: "Required permission: View and edit website personalization forms" },
    () => {},
  );
});

// ============================================================ Automations
maestra.area("Automations", { id: "automations" }, (au) => {
  au.section("Flows", { id: "flows", open: all("View campaign manager", "View flows"), openText: "To open the section: View campaign manager + View flows" }, (p) => {
    // The cell restates the section's View flows.
    p.action("Open a flow", none(), { text: "View flows", note: "The cell's View flows is already the section's open requirement." });
    p.action("Add a flow", all("Edit flows", "View integrations", onlyIf(ctx("multibrand"), "View brands")), { text: "Edit flows, View integrations, View brands (multibrand projects only)" });
    p.action("Edit a flow", "Edit flows", { text: "Edit flows" });
    p.action("Start / Stop / Delete a flow", "Edit flows", { id: "start_stop_delete", text: "Edit flows" });
    p.action("Export customers from flow steps", "Export customers from scenario execution report", { id: "export_customers", text: "Export customers from scenario execution report" });
  });

  au.section(
    "Wallet / OSMICards / Telegram",
    {
      id: "wallet",
      open: "View campaign manager",
      openText: "To open the section: View campaign manager",
      note: "\"You’ll also need a provider connection set up\" is a setup prerequisite, not a permission: not modelled.",
    },
    (p) => {
      p.action("Add / Edit / Delete / Start / Stop", 'View and edit "MMS and messengers" messages', { id: "edit", text: 'View and edit "MMS and messengers" messages' });
    },
  );
});

// ============================================================ Loyalty
maestra.area("Loyalty", { id: "loyalty" }, (lo) => {
  // "A, B, or C": an English list of alternatives.
  lo.section(
    "Promotions",
    {
      id: "promotions",
      open: any("View promotions", "View and edit promotions", "View and launch promotions"),
      openText: "To open the section: View promotions, View and edit promotions, or View and launch promotions",
      note: "\"A, B, or C\" is a list of alternatives: any one of the three opens the section.",
    },
    (p) => {
      // Alternatives with scopes: View promotions is read-only (cannot change), edit is limited by status, launch covers all.
      p.action(
        "Change the promotion tree",
        any(all("View and edit promotions", require(resourceIn("promotionStatus", "draft", "completed", "archived", "stopped"))), "View and launch promotions"),
        {
          id: "change_tree",
          text: "View promotions (read-only), View and edit promotions (draft / completed / archived / stopped only), View and launch promotions (all types)",
          note: "Three alternatives with scopes: View promotions only sees the tree (read-only, so it never allows a change); View and edit promotions changes draft/completed/archived/stopped promotions; View and launch promotions changes every status (\"all types\" read as all statuses).",
        },
      );
      p.action("Add a promotion or group / Edit name and description", any("View and edit promotions", "View and launch promotions"), {
        id: "add_promotion",
        text: "View and edit promotionsorView and launch promotions",
      });
      p.action("Start or stop a promotion", "View and launch promotions", { id: "start_stop", text: "View and launch promotions" });
      p.action("Archive", "View and launch promotions", { text: "View and launch promotions" });
      // "A, B or, C (all types)" is the same three-way list as the section; then + View promo codes + View campaign manager.
      p.action(
        "Open a promotion",
        all(any("View promotions", "View and edit promotions", "View and launch promotions"), "View promo codes", "View campaign manager"),
        {
          text: "View promotions, View and edit promotionsor, View and launch promotions (all types) + View promo codes + View campaign manager",
          note: "\"View promotions, View and edit promotionsor, View and launch promotions (all types)\" is the section's three-way list of alternatives (the misplaced comma is ignored, \"(all types)\" scopes only the launch permission), then + View promo codes + View campaign manager, both always needed.",
        },
      );
      // Literal: no status restriction and no launch alternative are written for this row.
      p.action("Edit a promotion", "View and edit promotions", {
        text: "View and edit promotions",
        note: "Literal: only View and edit promotions; the status limits of the tree row are not repeated here.",
      });
    },
  );

  lo.section("Gift cards", { id: "gift_cards", open: "View gift cards", openText: "To open the section, edit, or export: View gift cards" }, (p) => {
    // From the open sentence.
    p.action("edit, or export", none(), { id: "edit_export", text: "To open the section, edit, or export: View gift cards", note: "Taken from the open sentence: nothing beyond View gift cards." });
    p.action("Import", "Add bulk tasks", { text: "Add bulk tasks" });
  });

  // "View promo code" in the open requirement is read as "View promo codes".
  lo.section(
    "Promo code pools",
    {
      id: "promo_code_pools",
      open: all("View campaign manager", "View promo codes"),
      openText: "To open the section: View campaign manager + View promo code",
      note: "\"View promo code\" read as \"View promo codes\" (typo); the \"View promo codes\" row then adds nothing beyond the section.",
    },
    (p) => {
      p.action("Add / Edit / Delete a pool", "Edit folders", { id: "edit_pool", text: "Edit folders" });
      // Same permission as the open requirement's "View promo code": nothing beyond the section.
      p.action("View promo codes", none(), { text: "View promo codes", note: "Same permission as the section's \"View promo code\": nothing beyond the section." });
      p.action("Import", "Add bulk tasks", { text: "Add bulk tasks" });
      p.action("Export", "Export promo codes", { text: "Export promo codes" });
      p.action("Edit / Delete promo codes", "Edit promo codes", { id: "edit_codes", text: "Edit promo codes" });
    },
  );
});

// ============================================================ Analytics & A/B tests
maestra.area("Analytics & A/B tests", { id: "analytics" }, (an) => {
  an.section(
    "Analytics",
    {
      id: "reports",
      open: "View reports",
      openText: "Required permission: View reports",
      note: "Brand- and folder-restricted users see filtered reports: a data filter, not an access rule; not modelled.",
    },
    () => {},
  );

  an.section("A/B tests", { id: "ab_tests", open: "View A/B tests", openText: "To open the section: View A/B tests" }, (p) => {
    // "(to pick a participant segment)" explains why the permission is always needed.
    p.action("Add", all("Run and edit A/B tests", "View segment groups"), {
      text: "Run and edit A/B tests, View segment groups (to pick a participant segment)",
      note: "Every new test picks a participant segment, so View segment groups is always needed.",
    });
    // "(to see the selected segment)" explains why; always needed.
    p.action("Open an A/B test", "View segment groups", { id: "open_test", text: "View segment groups (to see the selected segment)", note: "Read as always needed: every test shows its selected segment." });
    p.action("Start / Stop / Delete", "Run and edit A/B tests", { text: "Run and edit A/B tests" });
    // "(optional, only if changing the segment)" is a condition.
    p.action("Edit", all("Run and edit A/B tests", onlyIf(ctx("changingSegment"), "View segment groups")), {
      text: "Run and edit A/B tests, View segment groups (optional, only if changing the segment)",
    });
  });
});

// ============================================================ Integrations
// The document has one "Integrations" heading: its table's rows sit on the area itself (path "Integrations", as Campaign
// Manager's folder row). The pages under it (logs, monitoring, webhooks builder, media, WebPush, token verifier) do not
// inherit View integrations: two of them are open to any project user and Media restates View integrations, so the
// open requirement is written on the area's own actions instead of being inherited.
maestra.area(
  "Integrations",
  {
    id: "integrations",
    openText: "To open the section or an integration: View integrations",
    note: "\"To open the section or an integration: View integrations\" covers the Integrations table only: the pages under the heading have their own requirements (Integration monitoring and WebPush verification are open to any project user), so View integrations is written on each action of the table rather than inherited.",
  },
  (ig) => {
    // The open sentence, written on the area's actions (not inherited by the pages below).
    const onIntegrations = (...extra: Parameters<typeof all>) => all("View integrations", ...extra);
    ig.action("Open", onIntegrations(), { id: "open", text: "To open the section or an integration: View integrations" });
    // From the open sentence: opening an integration needs View integrations.
    ig.action("an integration", onIntegrations(), {
      id: "open_integration",
      text: "To open the section or an integration: View integrations",
      note: "Taken from the open sentence (\"To open the section or an integration\"): View integrations.",
    });
    ig.action("Add an integration", onIntegrations("Edit integrations"), { id: "add", text: "Edit integrations" });
    ig.action("Edit / View and create test secret keys", onIntegrations("Edit integrations"), { id: "edit_test_keys", text: "Edit integrations" });
    ig.action("View and copy any keys", onIntegrations("Manage secret keys"), { id: "view_keys", text: "Manage secret keys" });
    ig.action("Create any keys", onIntegrations("Edit integrations", "Manage secret keys"), { id: "create_keys", text: "Edit integrations + Manage secret keys" });
    // "(to edit login/password)" is a condition.
    ig.action("Set up FTP import", onIntegrations("Edit third-party system connectors", onlyIf(ctx("editingCredentials"), "Manage secret keys")), {
      id: "ftp_import",
      text: "Edit third-party system connectors + Manage secret keys (to edit login/password)",
      note: "Manage secret keys only when the login/password is edited.",
    });
    ig.action("Set up YML import", onIntegrations("Edit third-party system connectors", "Edit product list"), { id: "yml_import", text: "Edit third-party system connectors + Edit product list" });
    // Both parentheses name optional parts of the setup: conditions.
    ig.action(
      "Set up webhook integrations",
      onIntegrations("View webhook builder", onlyIf(ctx("sendingFromStaticIps"), "Webhook builder access"), onlyIf(ctx("viewingSecrets"), "Manage secret keys")),
      {
        id: "webhook_integrations",
        text: "View webhook builder + Webhook builder access (to send from static IPs) + Manage secret keys (to view static IPs, add or view secret headers)",
        note: "Webhook builder access only when sending from static IPs; Manage secret keys only when viewing static IPs or adding/viewing secret headers.",
      },
    );

    // A table of rows without an open requirement (View integrations is not inherited: see the area).
    ig.section("Integration logs", { id: "logs" }, (p) => {
      p.action("API methods — open / get log link", "View integration logs", { id: "api_methods_open", text: "View integration logs" });
      p.action("API methods — export", all("View integration logs", "Export integration logs"), { id: "api_methods_export", text: "View integration logs + Export integration logs" });
      p.action("Webhooks — open / get log link", all("View integration logs", "View webhook builder"), { id: "webhooks_open", text: "View integration logs + View webhook builder" });
      p.action("Webhooks — export", all("View integration logs", "View webhook builder", "Export integration logs"), {
        id: "webhooks_export",
        text: "View integration logs + View webhook builder + Export integration logs",
      });
    });

    ig.section("Integration monitoring", { id: "monitoring", open: anyUser(), openText: "Any project access is enough — no extra permissions required." }, () => {});

    ig.section("Webhooks (builder)", { id: "webhook_builder", open: "View webhook builder", openText: "To open the section: View webhook builder" }, (p) => {
      // "(to view secret headers)" is a condition (same flag as the webhook integration setup).
      p.action("Add / Delete / Edit / Clone", all("Webhook builder access", onlyIf(ctx("viewingSecrets"), "Manage secret keys")), {
        id: "edit",
        text: "Webhook builder access + Manage secret keys (to view secret headers)",
        note: "Manage secret keys only when secret headers are viewed.",
      });
    });

    ig.section("Media", { id: "media", open: "View integrations", openText: "Required permission: View integrations" }, () => {});

    ig.section("WebPush — integration verification", { id: "webpush_verification", open: anyUser(), openText: "Any project access is enough." }, () => {});

    ig.section("Customer token verifier", { id: "token_verifier", open: "Customer token verification", openText: "Required permission: Customer token verification" }, () => {});
  },
);

// ============================================================ Settings
maestra.area("Settings", { id: "settings" }, (st) => {
  // Rows are pages: each is an action of the section.
  st.section("Settings — System", { id: "system" }, (p) => {
    p.action("Platform parameters", "Edit project settings", { text: "Edit project settings" });
    p.action("Automated data cleanup", "Edit auto-deletion settings", { id: "data_cleanup", text: "Edit auto-deletion settings" });
    p.action("Brands — open", "View brands", { text: "View brands" });
    // Literal: View brands is not repeated for adding or editing.
    p.action("Brands — add / edit", "Add and edit brands", { id: "brands_edit", text: "Add and edit brands" });
    p.action("Fields Settings — open / see where used", "View custom fields", { id: "fields_open", text: "View custom fields" });
    p.action("Fields Settings — create / edit / delete / import", "Edit custom fields", { id: "fields_edit", text: "Edit custom fields" });
  });

  // Open requirement literal (View personal bulk tasks only), as My tasks says too.
  st.section(
    "Bulk Tasks",
    {
      id: "bulk_tasks",
      open: "View personal bulk tasks only",
      openText: "To open the section: View personal bulk tasks only (shows only non-system tasks created from the logged-in user’s account)",
      note: "Open requirement literal, as in My tasks; View non-system tasks and View all system tasks expand what the open section lists (they are written as additions, \"To expand what tasks are visible\").",
    },
    (p) => {
      // "To expand what tasks are visible" bullets.
      p.action("user tasks (auto-deletion, manual deletion, segment imports, report or export)", "View non-system tasks", {
        id: "view_user_tasks",
        text: "View non-system tasks — user tasks (auto-deletion, manual deletion, segment imports, report or export)",
        note: "\"To expand what tasks are visible\" bullet: seeing other users' non-system tasks.",
      });
      p.action("technical tasks (segment recalcs, campaign sends)", "View all system tasks", {
        id: "view_system_tasks",
        text: "View all system tasks (Maestra staff only) — technical tasks (segment recalcs, campaign sends)",
        note: "\"To expand what tasks are visible\" bullet; staff only.",
      });
      // "To access import source files" bullets.
      p.action("own tasks only", none(), {
        id: "import_files_own",
        text: "View personal bulk tasks only — own tasks only",
        note: "\"To access import source files\" bullet: the source files of one's own tasks need View personal bulk tasks only, already the section's open requirement.",
      });
      p.action("download files from any task", "View imports input files", {
        id: "import_files_any",
        text: "View imports input files — download files from any task",
        note: "\"To access import source files\" bullet: the source files of any task.",
      });
      // "To access export files (separate permission per data type)": one action per export type (download that file).
      const exportFile = (row: string, id: string, permission: Permission) =>
        p.action(row, permission, { id: `export_files_${id}`, text: permission, note: "Download an export file of this type." });
      exportFile("Customers, product lists, customer discount cards, blocklist contacts, customer segment changes", "customers", "Export customers");
      exportFile("Customer actions, orders, order line items, balance change history", "actions", "Export actions");
      exportFile("Products, product categories, product segment changes", "products", "Export products");
      exportFile("Areas", "areas", "Export areas");
      exportFile("Campaigns", "campaigns", "Export messages");
      exportFile("Campaign statuses", "statuses", "Export statuses");
      exportFile("Flows", "flows", "Export flows");
      exportFile("Customers from flow step executions", "flow_customers", "Export customers from scenario execution report");
      exportFile("Operation and webhook logs", "logs", "Export integration logs");
      exportFile("Bulk and dynamic campaign reports", "reports", "Export dashboards");
      exportFile("Promotions", "promotions", "Export promotions");
      p.action("Stop / Resume a task", "Manage tasks", { id: "stop_resume", text: "Manage tasks" });
      p.action("Force a task", "Force tasks", { id: "force", text: "Force tasks" });
    },
  );

  st.section(
    "Settings — Security",
    { id: "security", note: "The group rules below the table are modelled on assigning, granting, editing and deleting groups." },
    (p) => {
      p.action("Users — open", "View and export the users list", { text: "View and export the users list" });
      p.action("Users — add / import", "Edit users", { id: "users_add", text: "Edit users" });
      p.action("Users — block", all("View users", "Edit users"), { text: "View users + Edit users" });
      p.action("Users — export", "View and export the users list", { text: "View and export the users list" });
      p.action("Users — open a profile", "View users", { id: "users_profile", text: "View users" });
      // "(if restricting campaign access)" is a condition.
      p.action("Users — edit", all("View users", "Edit users", onlyIf(ctx("restrictingCampaignAccess"), "Limit staff campaign access")), {
        text: "View users + Edit users + Limit staff campaign access (if restricting campaign access)",
      });
      p.action("Permission groups — open", "View permission groups", { text: "View permission groups" });
      // One row split in four: create, delete, open and edit follow different group rules.
      const groupsRow = "Permission groups — create / delete / open / edit";
      // Create: nothing beyond Edit permission groups.
      p.action(groupsRow, "Edit permission groups", { id: "permission_groups_create", text: "Edit permission groups", note: "The create part of the row." });
      // Delete: only a group stated not to be a system group and stated to have no users (omitted flags are refused).
      p.action(groupsRow, all("Edit permission groups", unless("groupSystem"), unless("groupHasUsers")), {
        id: "permission_groups_delete",
        text: "Edit permission groups",
        note: "The delete part: system permission groups can't be deleted, and a group must have no users assigned. Allowed only when resource.groupSystem and resource.groupHasUsers are stated false: an omitted flag is refused (fail closed).",
      });
      // Two rows say "open": the first is the groups list, this one a group's editor.
      p.action(groupsRow, "Edit permission groups", {
        id: "permission_groups_open_group",
        text: "Edit permission groups",
        note: "The open part: read as opening a group for editing (Edit permission groups); \"Permission groups — open\" (View permission groups) is the list.",
      });
      // Edit: only a group stated not to be a system group (an omitted flag is refused).
      p.action(groupsRow, all("Edit permission groups", unless("groupSystem")), {
        id: "permission_groups_edit",
        text: "Edit permission groups",
        note: "The edit part: system permission groups can't be edited. Allowed only when resource.groupSystem is stated false: an omitted flag is refused (fail closed).",
      });
      p.action("Security policy — open", "View security policy", { text: "View security policy" });
      p.action("Security policy — edit alternative login user list", all("View security policy", "Manage security policy: partial access"), {
        id: "security_policy_login_list",
        text: "View security policy + Manage security policy: partial access",
      });
      p.action("Security policy — edit any settings", all("View security policy", "Edit security policy"), { id: "security_policy_edit", text: "View security policy + Edit security policy" });
      p.action("Event logs", "View activity logs", { text: "View activity logs" });
      // Assigning a group happens on a user's profile: the Users — edit permissions, plus the group rules.
      p.action(
        "assign a permission group",
        // Internal groups can't be selected: resource.groupInternal must be stated false (omitted is refused, fail closed).
        all("View users", "Edit users", unless("groupInternal"), any(require(memberOf("group")), require(holdsAll("resource", "groupPermissions")))),
        {
          id: "assign_group",
          text: "To assign a permission group, you either need to belong to that group yourself or hold every permission it contains. Maestra internal groups can’t be selected from the UI.",
          note: "Assigning a group is editing a user (View users + Edit users); the assigner belongs to the group (resource.group) or holds every permission in it (resource.groupPermissions); an internal group, or one whose resource.groupInternal is not stated false, is refused.",
        },
      );
      // Granting additional permissions is editing a user, limited to permissions the granter holds.
      p.action("grant additional permissions", all("View users", "Edit users", require(holdsAll("context", "grantedPermissions"))), {
        id: "grant_permissions",
        text: "You can only grant additional permissions that exist on your own profile.",
        note: "Granting is editing a user (View users + Edit users), and every permission granted must be held by the granter.",
      });
    },
  );

  st.section("Settings — Customers and actions", { id: "customers_actions" }, (p) => {
    p.action("Customer profile", "Edit third-party system connectors", { text: "Edit third-party system connectors" });
    p.action("Discount cards — open", "View discount cards list", { text: "View discount cards list" });
    p.action("Discount cards — import / export / detach / delete", "Discount card bulk tasks", { id: "discount_cards_edit", text: "Discount card bulk tasks" });
    p.action("Discount card types", "Manage discount card types", { text: "Manage discount card types" });
    p.action("Action templates — open", "View action template list", { text: "View action template list" });
    p.action("Action templates — create / tag / set category / delete / export / edit / copy", "Edit action template list", {
      id: "action_templates_edit",
      text: "Edit action template list",
    });
    p.action("Channels — open / export", "View touchpoint list", { id: "channels_open", text: "View touchpoint list" });
    p.action("Channels — add / delete / import / edit", "Edit touchpoint list", { id: "channels_edit", text: "Edit touchpoint list" });
    p.action("Touchpoints — open / export", "View touchpoint list", { id: "touchpoints_open", text: "View touchpoint list" });
    p.action("Touchpoints — add / delete / import / edit", "Edit touchpoint list", { id: "touchpoints_edit", text: "Edit touchpoint list" });
  });

  st.section("Settings — Products and orders", { id: "products_orders" }, (p) => {
    p.action("Order line statuses", "Edit order settings", { text: "Edit order settings" });
    p.action("Payment methods", "Edit order settings", { text: "Edit order settings" });
    p.action("External systems", "Edit external systems", { text: "Edit external systems" });
    p.action("Customer product lists — open / add / edit", "Edit product list", { id: "product_lists", text: "Edit product list" });
    p.action("Customer product lists — generate methods", all("Edit folders", "Edit product list"), { id: "product_lists_methods", text: "Edit folders + Edit product list" });
    p.action("Attribution", "Edit order settings", { text: "Edit order settings" });
  });

  // No section-wide open: the "Campaign settings area" sentence is already in the rows that list Edit subscription topics.
  st.section(
    "Settings — Communication",
    {
      id: "communication",
      note: "\"To open the Campaign settings area at all, you need Edit subscription topics\" is not put on the whole section: the six campaign-settings rows list Edit subscription topics themselves and the SMS/Viber connection rows do not, so it is an action of its own.",
    },
    (p) => {
      p.action("open the Campaign settings area", "Edit subscription topics", {
        id: "campaign_settings_open",
        text: "To open the Campaign settings area at all, you need Edit subscription topics.",
        note: "The sentence above the table.",
      });
      p.action("Email settings", all("Edit subscription topics", "Edit email settings"), { text: "Edit subscription topics + Edit email settings" });
      p.action("Default UTM tags", all("Edit subscription topics", "Edit default UTM tags"), { text: "Edit subscription topics + Edit default UTM tags" });
      p.action("SMS settings", all("Edit subscription topics", "Edit SMS settings"), { text: "Edit subscription topics + Edit SMS settings" });
      p.action("Subscription Topics", "Edit subscription topics", { text: "Edit subscription topics" });
      p.action("Universal links", all("Edit subscription topics", "Edit email settings"), { text: "Edit subscription topics + Edit email settings" });
      p.action("Global control group", all("Edit subscription topics", "Editing global control group settings"), { text: "Edit subscription topics + Editing global control group settings" });
      p.action("SMS connections — open / add / edit", "Edit SMS settings", { id: "sms_connections", text: "Edit SMS settings" });
      // Literal: Edit SMS settings is not repeated for deleting.
      p.action("SMS connections — delete", "Delete SMS connections", { id: "sms_connections_delete", text: "Delete SMS connections", note: "Literal: the document does not repeat Edit SMS settings." });
      p.action("Viber connections — open / add / edit", "Edit Viber settings", { id: "viber_connections", text: "Edit Viber settings" });
      // Literal: Edit Viber settings is not repeated for deleting.
      p.action("Viber connections — delete", "Delete Viber connections", {
        id: "viber_connections_delete",
        text: "Delete Viber connections",
        note: "Literal: the document does not repeat Edit Viber settings.",
      });
    },
  );

  st.section("Settings — Loyalty", { id: "loyalty" }, (p) => {
    p.action("Loyalty program members", anyUser(), { id: "members", text: "Any project access" });
    p.action("Points balances — open", anyUser(), { id: "points_open", text: "Any project access" });
    p.action("Points balances — add / edit / delete", "Edit folders", { id: "points_edit", text: "Edit folders" });
    p.action("Personal offers list", anyUser(), { id: "personal_offers", text: "Any project access" });
  });
});

// ============================================================ Help
maestra.area("Help", { id: "help" }, (p) => {
  // "(tab)" says what the permission opens; not a condition.
  p.action("Dynamic parameters", "View message template variables", { text: "View message template variables (tab)" });
  p.action("Campaign & Data Monitoring", "Project monitoring access", { id: "monitoring", text: "Project monitoring access" });
});

// ============================================================ Billing & profile
maestra.area("Billing & profile", { id: "billing" }, (bp) => {
  bp.section("Billing", { id: "billing", open: "View billing detalization", openText: "To open the section: View billing detalization" }, (p) => {
    p.action("Enable / Disable a module / Activate billing / Cancel subscription", "Ability to manage billing", { id: "manage", text: "Ability to manage billing" });
  });

  bp.section("Profile", { id: "profile" }, (p) => {
    p.action("Edit your profile", all("Manage personal user profile", "View and export the users list"), { text: "Manage personal user profile + View and export the users list" });
    // "Add Edit users" in a "Required permissions" column: Edit users added to what editing your profile already needs.
    p.action("Edit the Email field in your own profile", all("Manage personal user profile", "View and export the users list", "Edit users"), {
      id: "edit_email",
      text: "Add Edit users",
      note: "The column is \"Required permissions\", so \"Add\" is not the column's verb: \"Add Edit users\" adds the permission Edit users to the row above (the Email field is part of editing your profile, Manage personal user profile + View and export the users list).",
    });
    p.action("Notification settings", anyUser(), { text: "Any project access" });
    p.action("My subscriptions", anyUser(), { text: "Any project access" });
    p.action("Reports and exports", anyUser(), { text: "Any project access" });
  });
});

// ============================================================ My tasks
maestra.area(
  "My tasks",
  {
    id: "my_tasks",
    open: "View personal bulk tasks only",
    openText: "To open the section: View personal bulk tasks only",
    note: "Bulk Tasks pre-filtered by user; broader visibility, import source files and export files are the Bulk Tasks actions.",
  },
  (p) => {
    p.action("Stop / Resume a task", "Manage tasks", { id: "stop_resume", text: "Manage tasks" });
    p.action("Force a task", "Force tasks", { id: "force", text: "Force tasks" });
  },
);

export default maestra;
