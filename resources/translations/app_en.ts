<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AnswerDialog</name>
    <message>
        <source>Answer the hand-back</source>
        <translation>Answer the hand-back</translation>
    </message>
    <message>
        <source>{0} hands back {1}: {2}</source>
        <translation>{0} hands back {1}: {2}</translation>
    </message>
    <message>
        <source>&amp;Accept and reassign</source>
        <translation>&amp;Accept and reassign</translation>
    </message>
    <message>
        <source>&amp;Decline</source>
        <translation>&amp;Decline</translation>
    </message>
    <message>
        <source>New &amp;counselor</source>
        <translation>New &amp;counselor</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Note</translation>
    </message>
</context>
<context>
    <name>AppWindow</name>
    <message>
        <source>Homevisit</source>
        <translation>Homevisit</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Lock</translation>
    </message>
    <message>
        <source>S&amp;witch user</source>
        <translation>S&amp;witch user</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>&amp;Account</translation>
    </message>
    <message>
        <source>Locked after inactivity.</source>
        <translation>Locked after inactivity.</translation>
    </message>
    <message>
        <source>Locked because the computer was suspended.</source>
        <translation>Locked because the computer was suspended.</translation>
    </message>
    <message>
        <source>Locked because the computer was asleep.</source>
        <translation>Locked because the computer was asleep.</translation>
    </message>
    <message>
        <source>Locked because the session was locked.</source>
        <translation>Locked because the session was locked.</translation>
    </message>
    <message>
        <source>Choose a user.</source>
        <translation>Choose a user.</translation>
    </message>
    <message>
        <source>Locked.</source>
        <translation>Locked.</translation>
    </message>
</context>
<context>
    <name>AppointmentDialog</name>
    <message>
        <source>Appointment</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <source>Change appointment</source>
        <translation>Change appointment</translation>
    </message>
    <message>
        <source>&amp;Date and time (Beijing)</source>
        <translation>&amp;Date and time (Beijing)</translation>
    </message>
    <message>
        <source>Home visit</source>
        <translation>Home visit</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>&amp;Mode</source>
        <translation>&amp;Mode</translation>
    </message>
    <message>
        <source>e.g. after school; the father works nights</source>
        <translation>e.g. after school; the father works nights</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Note</translation>
    </message>
</context>
<context>
    <name>CaseScreen</name>
    <message>
        <source>Documents brought</source>
        <translation>Documents brought</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Steps</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>Student</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <source>University</source>
        <translation>University</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>New or current</source>
        <translation>New or current</translation>
    </message>
    <message>
        <source>Co-borrower</source>
        <translation>Co-borrower</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>Relation</translation>
    </message>
    <message>
        <source>Problems and outcome</source>
        <translation>Problems and outcome</translation>
    </message>
    <message>
        <source>Problems and how they were solved</source>
        <translation>Problems and how they were solved</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>What to bring next time…</source>
        <translation>What to bring next time…</translation>
    </message>
    <message>
        <source>Close case</source>
        <translation>Close case</translation>
    </message>
    <message>
        <source>first loan</source>
        <translation>first loan</translation>
    </message>
    <message>
        <source>renewal</source>
        <translation>renewal</translation>
    </message>
    <message>
        <source>Ticket %1 · %2</source>
        <translation>Ticket %1 · %2</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>E&amp;xport tables…</source>
        <translation>E&amp;xport tables…</translation>
    </message>
    <message>
        <source>No figures yet: the server computes them for your area at each sync. Sync once while online.</source>
        <translation>No figures yet: the server computes them for your area at each sync. Sync once while online.</translation>
    </message>
    <message>
        <source>Figures as of %1, computed by the server for your whole area (they stay the same offline and when approved visits leave this laptop).</source>
        <translation>Figures as of %1, computed by the server for your whole area (they stay the same offline and when approved visits leave this laptop).</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>Township</translation>
    </message>
    <message>
        <source>School</source>
        <translation>School</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Flags</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Policy</translation>
    </message>
    <message>
        <source>Desk and day</source>
        <translation>Desk and day</translation>
    </message>
    <message>
        <source>Nothing to count yet</source>
        <translation>Nothing to count yet</translation>
    </message>
    <message>
        <source>The figures could not be read.</source>
        <translation>The figures could not be read.</translation>
    </message>
</context>
<context>
    <name>DecisionBar</name>
    <message>
        <source>I have read this</source>
        <translation>I have read this</translation>
    </message>
    <message>
        <source>Raise a flag…</source>
        <translation>Raise a flag…</translation>
    </message>
    <message>
        <source>Return with comments…</source>
        <translation>Return with comments…</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>The server refused your decision: %1</source>
        <translation>The server refused your decision: %1</translation>
    </message>
    <message>
        <source>Your decision is saved and goes to the server at the next sync.</source>
        <translation>Your decision is saved and goes to the server at the next sync.</translation>
    </message>
    <message>
        <source>This visit is not awaiting review; there is nothing to decide.</source>
        <translation>This visit is not awaiting review; there is nothing to decide.</translation>
    </message>
</context>
<context>
    <name>DelegationAnswerDialog</name>
    <message>
        <source>&amp;Save answer</source>
        <translation>&amp;Save answer</translation>
    </message>
    <message>
        <source>Answer a visit request</source>
        <translation>Answer a visit request</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>Asked by</source>
        <translation>Asked by</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Accept</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Decline</translation>
    </message>
    <message>
        <source>Counselor who visits (username)</source>
        <translation>Counselor who visits (username)</translation>
    </message>
    <message>
        <source>Reason for declining</source>
        <translation>Reason for declining</translation>
    </message>
</context>
<context>
    <name>DelegationRequestDialog</name>
    <message>
        <source>Send &amp;request</source>
        <translation>Send &amp;request</translation>
    </message>
    <message>
        <source>Ask for a joint or delegated visit</source>
        <translation>Ask for a joint or delegated visit</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>Visit together with a colleague (joint visit)</source>
        <translation>Visit together with a colleague (joint visit)</translation>
    </message>
    <message>
        <source>A colleague visits instead of me</source>
        <translation>A colleague visits instead of me</translation>
    </message>
    <message>
        <source>Another office or county visits on our behalf</source>
        <translation>Another office or county visits on our behalf</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Username of the person asked</source>
        <translation>Username of the person asked</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>While the request stands, the person asked sees this household on their laptop; the access ends when the visit is approved.</source>
        <translation>While the request stands, the person asked sees this household on their laptop; the access ends when the visit is approved.</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>Set up Homevisit on this computer</source>
        <translation>Set up Homevisit on this computer</translation>
    </message>
    <message>
        <source>Too short</source>
        <translation>Too short</translation>
    </message>
    <message>
        <source>Weak</source>
        <translation>Weak</translation>
    </message>
    <message>
        <source>Fair</source>
        <translation>Fair</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>Good</translation>
    </message>
    <message>
        <source>Strong</source>
        <translation>Strong</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Create</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Next</translation>
    </message>
    <message>
        <source>Fill in the server address, username and password.</source>
        <translation>Fill in the server address, username and password.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>At least {0} characters. A short sentence is easy to remember.</source>
        <translation>At least {0} characters. A short sentence is easy to remember.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>The two passphrases differ.</translation>
    </message>
    <message>
        <source>Downloading your households… {0} of {1} records received</source>
        <translation>Downloading your households… {0} of {1} records received</translation>
    </message>
    <message>
        <source>Downloading your households… {0} records received</source>
        <translation>Downloading your households… {0} records received</translation>
    </message>
    <message>
        <source>Set up, but the download did not finish: {0} It continues at the next sync.</source>
        <translation>Set up, but the download did not finish: {0} It continues at the next sync.</translation>
    </message>
    <message>
        <source>Sign in with the account your aid office gave you. This computer is registered to you.</source>
        <translation>Sign in with the account your aid office gave you. This computer is registered to you.</translation>
    </message>
    <message>
        <source>Server &amp;address</source>
        <translation>Server &amp;address</translation>
    </message>
    <message>
        <source>&amp;Username</source>
        <translation>&amp;Username</translation>
    </message>
    <message>
        <source>Pass&amp;word</source>
        <translation>Pass&amp;word</translation>
    </message>
    <message>
        <source>Choose a passphrase for this computer. It encrypts your households here and is never sent anywhere. If you forget it, the local data cannot be recovered; sync again from the server.</source>
        <translation>Choose a passphrase for this computer. It encrypts your households here and is never sent anywhere. If you forget it, the local data cannot be recovered; sync again from the server.</translation>
    </message>
    <message>
        <source>&amp;Name on this computer</source>
        <translation>&amp;Name on this computer</translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation>&amp;Passphrase</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>Strength</translation>
    </message>
    <message>
        <source>&amp;Repeat</source>
        <translation>&amp;Repeat</translation>
    </message>
    <message>
        <source>Downloading your households…</source>
        <translation>Downloading your households…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>Save as:</translation>
    </message>
    <message>
        <source>Include full ID numbers and phones</source>
        <translation>Include full ID numbers and phones</translation>
    </message>
    <message>
        <source>Full numbers need your passphrase again; the file is recorded in the audit log. Keep it safe and delete it after use.</source>
        <translation>Full numbers need your passphrase again; the file is recorded in the audit log. Keep it safe and delete it after use.</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>Passphrase:</translation>
    </message>
</context>
<context>
    <name>ExportFlow</name>
    <message>
        <source>Full ID numbers and phones are not offered: the server's policy does not allow your role to export them. Ask your administrator if your office needs them.</source>
        <translation>Full ID numbers and phones are not offered: the server's policy does not allow your role to export them. Ask your administrator if your office needs them.</translation>
    </message>
    <message>
        <source>Export the review list</source>
        <translation>Export the review list</translation>
    </message>
    <message>
        <source>%1 visits exported to %2.</source>
        <translation>%1 visits exported to %2.</translation>
    </message>
    <message>
        <source>Print visit record</source>
        <translation>Print visit record</translation>
    </message>
    <message>
        <source>The visit record was saved as %1.</source>
        <translation>The visit record was saved as %1.</translation>
    </message>
    <message>
        <source>Export the dashboard's tables</source>
        <translation>Export the dashboard's tables</translation>
    </message>
    <message>
        <source>The dashboard's tables were saved as %1.</source>
        <translation>The dashboard's tables were saved as %1.</translation>
    </message>
</context>
<context>
    <name>FlagDecisionDialog</name>
    <message>
        <source>Save the decision</source>
        <translation>Save the decision</translation>
    </message>
    <message>
        <source>Decide a flag</source>
        <translation>Decide a flag</translation>
    </message>
    <message>
        <source>Confirm: the flag holds</source>
        <translation>Confirm: the flag holds</translation>
    </message>
    <message>
        <source>Dismiss: the flag does not hold</source>
        <translation>Dismiss: the flag does not hold</translation>
    </message>
    <message>
        <source>Reason (required), e.g. retired, not the custodial parent, company deregistered:</source>
        <translation>Reason (required), e.g. retired, not the custodial parent, company deregistered:</translation>
    </message>
    <message>
        <source>Note (optional): what you checked</source>
        <translation>Note (optional): what you checked</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>Counselor's explanation: %1</source>
        <translation>Counselor's explanation: %1</translation>
    </message>
</context>
<context>
    <name>GrowthView</name>
    <message>
        <source>Student:</source>
        <translation>Student:</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>Print the growth record</source>
        <translation>Print the growth record</translation>
    </message>
    <message>
        <source>None yet.</source>
        <translation>None yet.</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>School year</source>
        <translation>School year</translation>
    </message>
    <message>
        <source>What</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>No student recorded in this household.</source>
        <translation>No student recorded in this household.</translation>
    </message>
    <message>
        <source>The growth record shows ID numbers masked; printing is recorded in the audit log.</source>
        <translation>The growth record shows ID numbers masked; printing is recorded in the audit log.</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Saved to %1</translation>
    </message>
    <message>
        <source>Level by school year: %1</source>
        <translation>Level by school year: %1</translation>
    </message>
    <message>
        <source>none recognised yet</source>
        <translation>none recognised yet</translation>
    </message>
    <message>
        <source>Aid received: %1</source>
        <translation>Aid received: %1</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Finalized</source>
        <translation>Finalized</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>Revised</source>
        <translation>Revised</translation>
    </message>
    <message>
        <source>First loan</source>
        <translation>First loan</translation>
    </message>
    <message>
        <source>Renewal</source>
        <translation>Renewal</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Documents missing</source>
        <translation>Documents missing</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>Referred</translation>
    </message>
    <message>
        <source>(visit approved)</source>
        <translation>(visit approved)</translation>
    </message>
</context>
<context>
    <name>HandbackDialog</name>
    <message>
        <source>Hand back this household</source>
        <translation>Hand back this household</translation>
    </message>
    <message>
        <source>Your supervisor decides. If they accept, the household moves to another counselor at the next sync; anything not yet sent stays on this computer.</source>
        <translation>Your supervisor decides. If they accept, the household moves to another counselor at the next sync; anything not yet sent stays on this computer.</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Note</translation>
    </message>
</context>
<context>
    <name>HelpDeskPage</name>
    <message>
        <source>Help desk</source>
        <translation>Help desk</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation>Signed in as %1 (%2)</translation>
    </message>
    <message>
        <source>Which desk are you at today?</source>
        <translation>Which desk are you at today?</translation>
    </message>
    <message>
        <source>Start the day at this desk</source>
        <translation>Start the day at this desk</translation>
    </message>
    <message>
        <source>You have no shift today. Sync to fetch your shifts, or ask the administrator to give you one.</source>
        <translation>You have no shift today. Sync to fetch your shifts, or ask the administrator to give you one.</translation>
    </message>
    <message>
        <source>Ticket: first loan</source>
        <translation>Ticket: first loan</translation>
    </message>
    <message>
        <source>Ticket: renewal</source>
        <translation>Ticket: renewal</translation>
    </message>
    <message>
        <source>Call next ticket</source>
        <translation>Call next ticket</translation>
    </message>
    <message>
        <source>Today's summary (my cases)</source>
        <translation>Today's summary (my cases)</translation>
    </message>
    <message>
        <source>Waiting: %1</source>
        <translation>Waiting: %1</translation>
    </message>
    <message>
        <source>first loan</source>
        <translation>first loan</translation>
    </message>
    <message>
        <source>renewal</source>
        <translation>renewal</translation>
    </message>
    <message>
        <source>Save slip as PDF</source>
        <translation>Save slip as PDF</translation>
    </message>
    <message>
        <source>What to bring next time</source>
        <translation>What to bring next time</translation>
    </message>
    <message>
        <source>Enter your passphrase to print the slip. This is recorded.</source>
        <translation>Enter your passphrase to print the slip. This is recorded.</translation>
    </message>
    <message>
        <source>The slip was saved.</source>
        <translation>The slip was saved.</translation>
    </message>
</context>
<context>
    <name>HouseholdDetailDialog</name>
    <message>
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Finalized</source>
        <translation>Finalized</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>Revised</source>
        <translation>Revised</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Explained</source>
        <translation>Explained</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <source>Dismissed</source>
        <translation>Dismissed</translation>
    </message>
    <message>
        <source>Public-finance employee</source>
        <translation>Public-finance employee</translation>
    </message>
    <message>
        <source>Corporate officer</source>
        <translation>Corporate officer</translation>
    </message>
    <message>
        <source>Roster match</source>
        <translation>Roster match</translation>
    </message>
    <message>
        <source>Visit answers</source>
        <translation>Visit answers</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>Relation</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>Occupation</source>
        <translation>Occupation</translation>
    </message>
    <message>
        <source>Employer</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source> (guardian)</source>
        <translation> (guardian)</translation>
    </message>
    <message>
        <source> (student)</source>
        <translation> (student)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>Recommended level</source>
        <translation>Recommended level</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Visitors</source>
        <translation>Visitors</translation>
    </message>
    <message>
        <source>Delegated by</source>
        <translation>Delegated by</translation>
    </message>
    <message>
        <source>Continue &amp;visit</source>
        <translation>Continue &amp;visit</translation>
    </message>
    <message>
        <source>Start &amp;visit</source>
        <translation>Start &amp;visit</translation>
    </message>
    <message>
        <source>No flags.</source>
        <translation>No flags.</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>Ask</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <source>&amp;Print visit record…</source>
        <translation>&amp;Print visit record…</translation>
    </message>
    <message>
        <source>Show full numbers</source>
        <translation>Show full numbers</translation>
    </message>
    <message>
        <source>Enter your passphrase to show full ID numbers and phones. This is recorded.</source>
        <translation>Enter your passphrase to show full ID numbers and phones. This is recorded.</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Visit due</source>
        <translation>Visit due</translation>
    </message>
    <message>
        <source>Special categories</source>
        <translation>Special categories</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Flags</translation>
    </message>
    <message>
        <source>Visit history</source>
        <translation>Visit history</translation>
    </message>
    <message>
        <source>Growth record</source>
        <translation>Growth record</translation>
    </message>
    <message>
        <source>Appointments</source>
        <translation>Appointments</translation>
    </message>
    <message>
        <source>Show &amp;full numbers…</source>
        <translation>Show &amp;full numbers…</translation>
    </message>
    <message>
        <source>&amp;Appointment…</source>
        <translation>&amp;Appointment…</translation>
    </message>
    <message>
        <source>Hand &amp;back…</source>
        <translation>Hand &amp;back…</translation>
    </message>
    <message>
        <source>Ask for a &amp;joint or delegated visit…</source>
        <translation>Ask for a &amp;joint or delegated visit…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Close</translation>
    </message>
</context>
<context>
    <name>HouseholdTableModel</name>
    <message>
        <source>Guardian</source>
        <translation>Guardian</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>Student</translation>
    </message>
    <message>
        <source>School and grade</source>
        <translation>School and grade</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Visit due</source>
        <translation>Visit due</translation>
    </message>
    <message>
        <source>Visit status</source>
        <translation>Visit status</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Flags</translation>
    </message>
    <message>
        <source>Not visited</source>
        <translation>Not visited</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Finalized</source>
        <translation>Finalized</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>Revised</source>
        <translation>Revised</translation>
    </message>
</context>
<context>
    <name>HouseholdsPage</name>
    <message>
        <source>All households</source>
        <translation>All households</translation>
    </message>
    <message>
        <source>Visit due</source>
        <translation>Visit due</translation>
    </message>
    <message>
        <source>Not visited</source>
        <translation>Not visited</translation>
    </message>
    <message>
        <source>Returned for revision</source>
        <translation>Returned for revision</translation>
    </message>
    <message>
        <source>With open flags</source>
        <translation>With open flags</translation>
    </message>
    <message>
        <source>{0} households</source>
        <translation>{0} households</translation>
    </message>
    <message>
        <source>{0}+ households</source>
        <translation>{0}+ households</translation>
    </message>
    <message>
        <source>No household matches “%1”. Check the spelling, or search by pinyin initials, the last digits of an ID number or the village.</source>
        <translation>No household matches “%1”. Check the spelling, or search by pinyin initials, the last digits of an ID number or the village.</translation>
    </message>
    <message>
        <source>No households in this list.</source>
        <translation>No households in this list.</translation>
    </message>
    <message>
        <source>The list could not be read.</source>
        <translation>The list could not be read.</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <source>Name, pinyin initials (zs), last digits of an ID, or address</source>
        <translation>Name, pinyin initials (zs), last digits of an ID, or address</translation>
    </message>
    <message>
        <source>S&amp;how</source>
        <translation>S&amp;how</translation>
    </message>
    <message>
        <source>&amp;Propose a household…</source>
        <translation>&amp;Propose a household…</translation>
    </message>
    <message>
        <source>A family in difficulty that is on no list: propose it to your supervisor (consent first)</source>
        <translation>A family in difficulty that is on no list: propose it to your supervisor (consent first)</translation>
    </message>
    <message>
        <source>&amp;Open household</source>
        <translation>&amp;Open household</translation>
    </message>
    <message>
        <source>Start &amp;visit</source>
        <translation>Start &amp;visit</translation>
    </message>
</context>
<context>
    <name>MainShell</name>
    <message>
        <source>&amp;My visits</source>
        <translation>&amp;My visits</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>&amp;Review</translation>
    </message>
    <message>
        <source>Sc&amp;hedule</source>
        <translation>Sc&amp;hedule</translation>
    </message>
    <message>
        <source>Team &amp;week</source>
        <translation>Team &amp;week</translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation>&amp;Dashboard</translation>
    </message>
    <message>
        <source>Re&amp;quests</source>
        <translation>Re&amp;quests</translation>
    </message>
    <message>
        <source>&amp;Help desk</source>
        <translation>&amp;Help desk</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>S&amp;ync</translation>
    </message>
    <message>
        <source>Se&amp;ttings</source>
        <translation>Se&amp;ttings</translation>
    </message>
</context>
<context>
    <name>PhoneReveal</name>
    <message>
        <source>Show phone</source>
        <translation>Show phone</translation>
    </message>
    <message>
        <source>Enter your passphrase to show the phone number. This is recorded.</source>
        <translation>Enter your passphrase to show the phone number. This is recorded.</translation>
    </message>
</context>
<context>
    <name>Planning</name>
    <message>
        <source>Moved away</source>
        <translation>Moved away</translation>
    </message>
    <message>
        <source>Conflict of interest</source>
        <translation>Conflict of interest</translation>
    </message>
    <message>
        <source>Not reachable</source>
        <translation>Not reachable</translation>
    </message>
    <message>
        <source>Other (say what in the note)</source>
        <translation>Other (say what in the note)</translation>
    </message>
    <message>
        <source>Home visit</source>
        <translation>Home visit</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>waiting for the supervisor</source>
        <translation>waiting for the supervisor</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>accepted</translation>
    </message>
    <message>
        <source>declined</source>
        <translation>declined</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>Appointments</source>
        <translation>Appointments</translation>
    </message>
    <message>
        <source>No appointment yet.</source>
        <translation>No appointment yet.</translation>
    </message>
    <message>
        <source>Hand-backs</source>
        <translation>Hand-backs</translation>
    </message>
</context>
<context>
    <name>ProposalDecisionDialog</name>
    <message>
        <source>&amp;Save decision</source>
        <translation>&amp;Save decision</translation>
    </message>
    <message>
        <source>Decide on a proposed household</source>
        <translation>Decide on a proposed household</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Proposed by</source>
        <translation>Proposed by</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>Accept: the household is assigned to the proposing counselor</source>
        <translation>Accept: the household is assigned to the proposing counselor</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Decline</translation>
    </message>
    <message>
        <source>Reason (the counselor sees it)</source>
        <translation>Reason (the counselor sees it)</translation>
    </message>
</context>
<context>
    <name>ProposalDialog</name>
    <message>
        <source>&amp;Propose</source>
        <translation>&amp;Propose</translation>
    </message>
    <message>
        <source>Propose a household</source>
        <translation>Propose a household</translation>
    </message>
    <message>
        <source>1. Consent first</source>
        <translation>1. Consent first</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>I explained the privacy notice to the family</source>
        <translation>I explained the privacy notice to the family</translation>
    </message>
    <message>
        <source>The family agrees to be proposed for student aid</source>
        <translation>The family agrees to be proposed for student aid</translation>
    </message>
    <message>
        <source>2. The family (no ID numbers)</source>
        <translation>2. The family (no ID numbers)</translation>
    </message>
    <message>
        <source>Township or county code</source>
        <translation>Township or county code</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Contact's name</source>
        <translation>Contact's name</translation>
    </message>
    <message>
        <source>(not given)</source>
        <translation>(not given)</translation>
    </message>
    <message>
        <source>Contact's relation to the student</source>
        <translation>Contact's relation to the student</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Saved on this laptop now; it reaches your supervisor at the next sync. You will see the decision here.</source>
        <translation>Saved on this laptop now; it reaches your supervisor at the next sync. You will see the decision here.</translation>
    </message>
</context>
<context>
    <name>RaiseFlagDialog</name>
    <message>
        <source>Raise the flag</source>
        <translation>Raise the flag</translation>
    </message>
    <message>
        <source>Raise a flag</source>
        <translation>Raise a flag</translation>
    </message>
    <message>
        <source>A flag asks the counselor to verify; it is never a verdict. The visit cannot be approved until it is decided.</source>
        <translation>A flag asks the counselor to verify; it is never a verdict. The visit cannot be approved until it is decided.</translation>
    </message>
    <message>
        <source>The household (no one member)</source>
        <translation>The household (no one member)</translation>
    </message>
    <message>
        <source>Member:</source>
        <translation>Member:</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Kind:</translation>
    </message>
    <message>
        <source>What you found:</source>
        <translation>What you found:</translation>
    </message>
</context>
<context>
    <name>ReminderBanner</name>
    <message>
        <source>&amp;Dismiss</source>
        <translation>&amp;Dismiss</translation>
    </message>
    <message>
        <source>Home visit reminder: {0} at {1}</source>
        <translation>Home visit reminder: {0} at {1}</translation>
    </message>
    <message>
        <source>a household</source>
        <translation>a household</translation>
    </message>
</context>
<context>
    <name>RequestsPage</name>
    <message>
        <source>Requested</source>
        <translation>Requested</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Declined</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Ended</translation>
    </message>
    <message>
        <source>Waiting for decision</source>
        <translation>Waiting for decision</translation>
    </message>
    <message>
        <source>Joint visit</source>
        <translation>Joint visit</translation>
    </message>
    <message>
        <source>Visit instead</source>
        <translation>Visit instead</translation>
    </message>
    <message>
        <source>Office delegation (委托家访)</source>
        <translation>Office delegation (委托家访)</translation>
    </message>
    <message>
        <source>Joint and delegated visits</source>
        <translation>Joint and delegated visits</translation>
    </message>
    <message>
        <source>&amp;Answer…</source>
        <translation>&amp;Answer…</translation>
    </message>
    <message>
        <source>&amp;Withdraw</source>
        <translation>&amp;Withdraw</translation>
    </message>
    <message>
        <source>Ask another &amp;office to visit…</source>
        <translation>Ask another &amp;office to visit…</translation>
    </message>
    <message>
        <source>Proposed households to decide</source>
        <translation>Proposed households to decide</translation>
    </message>
    <message>
        <source>My proposed households</source>
        <translation>My proposed households</translation>
    </message>
    <message>
        <source>&amp;Decide…</source>
        <translation>&amp;Decide…</translation>
    </message>
    <message>
        <source>&amp;Propose a household…</source>
        <translation>&amp;Propose a household…</translation>
    </message>
    <message>
        <source>(waiting to sync)</source>
        <translation>(waiting to sync)</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Asked by</source>
        <translation>Asked by</translation>
    </message>
    <message>
        <source>Person asked</source>
        <translation>Person asked</translation>
    </message>
    <message>
        <source>Note or reason</source>
        <translation>Note or reason</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>Decision reason</source>
        <translation>Decision reason</translation>
    </message>
    <message>
        <source>Sync first: no household of your office is on this computer yet.</source>
        <translation>Sync first: no household of your office is on this computer yet.</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Return to the counselor</source>
        <translation>Return to the counselor</translation>
    </message>
    <message>
        <source>Return for revision</source>
        <translation>Return for revision</translation>
    </message>
    <message>
        <source>Say what the counselor should check, add or change. Each comment is shown next to its field in the counselor's form.</source>
        <translation>Say what the counselor should check, add or change. Each comment is shown next to its field in the counselor's form.</translation>
    </message>
    <message>
        <source>The whole visit</source>
        <translation>The whole visit</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2) · team: %3 · region: %4</source>
        <translation>Signed in as %1 (%2) · team: %3 · region: %4</translation>
    </message>
    <message>
        <source>Search: student or family name, pinyin initials (zxm), last digits of an ID</source>
        <translation>Search: student or family name, pinyin initials (zxm), last digits of an ID</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>Newest first</translation>
    </message>
    <message>
        <source>Waiting longest first</source>
        <translation>Waiting longest first</translation>
    </message>
    <message>
        <source>Most undecided flags first</source>
        <translation>Most undecided flags first</translation>
    </message>
    <message>
        <source>Highest score first</source>
        <translation>Highest score first</translation>
    </message>
    <message>
        <source>By family name</source>
        <translation>By family name</translation>
    </message>
    <message>
        <source>Sort:</source>
        <translation>Sort:</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>To review</source>
        <translation>To review</translation>
    </message>
    <message>
        <source>Revised</source>
        <translation>Revised</translation>
    </message>
    <message>
        <source>Finalized</source>
        <translation>Finalized</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Any flags</source>
        <translation>Any flags</translation>
    </message>
    <message>
        <source>Undecided flags</source>
        <translation>Undecided flags</translation>
    </message>
    <message>
        <source>No undecided flags</source>
        <translation>No undecided flags</translation>
    </message>
    <message>
        <source>All townships</source>
        <translation>All townships</translation>
    </message>
    <message>
        <source>All schools</source>
        <translation>All schools</translation>
    </message>
    <message>
        <source>All counselors</source>
        <translation>All counselors</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>All levels</translation>
    </message>
    <message>
        <source>Visited between</source>
        <translation>Visited between</translation>
    </message>
    <message>
        <source>E&amp;xport XLSX…</source>
        <translation>E&amp;xport XLSX…</translation>
    </message>
    <message>
        <source>Show &amp;all</source>
        <translation>Show &amp;all</translation>
    </message>
    <message>
        <source>&amp;Open for review</source>
        <translation>&amp;Open for review</translation>
    </message>
    <message>
        <source>Decisions the server refused: %1. The reason is in the Note column; open the visit to decide again.</source>
        <translation>Decisions the server refused: %1. The reason is in the Note column; open the visit to decide again.</translation>
    </message>
    <message>
        <source>Visits: %1</source>
        <translation>Visits: %1</translation>
    </message>
    <message>
        <source>No visit matches “%1”. Search by the student's or a parent's name, pinyin initials or the last digits of an ID number.</source>
        <translation>No visit matches “%1”. Search by the student's or a parent's name, pinyin initials or the last digits of an ID number.</translation>
    </message>
    <message>
        <source>No visits to show. Visits that counselors in your area finalize appear here after a sync.</source>
        <translation>No visits to show. Visits that counselors in your area finalize appear here after a sync.</translation>
    </message>
    <message>
        <source>The queue could not be read.</source>
        <translation>The queue could not be read.</translation>
    </message>
</context>
<context>
    <name>ReviewQueueModel</name>
    <message>
        <source>Student</source>
        <translation>Student</translation>
    </message>
    <message>
        <source>School and grade</source>
        <translation>School and grade</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>Township</translation>
    </message>
    <message>
        <source>Counselor</source>
        <translation>Counselor</translation>
    </message>
    <message>
        <source>Visited</source>
        <translation>Visited</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Recommended level</source>
        <translation>Recommended level</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Undecided flags</source>
        <translation>Undecided flags</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Finalized</source>
        <translation>Finalized</translation>
    </message>
    <message>
        <source>To review</source>
        <translation>To review</translation>
    </message>
    <message>
        <source>Revised</source>
        <translation>Revised</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Especially difficult</source>
        <translation>Especially difficult</translation>
    </message>
    <message>
        <source>Difficult</source>
        <translation>Difficult</translation>
    </message>
    <message>
        <source>Generally difficult</source>
        <translation>Generally difficult</translation>
    </message>
    <message>
        <source>Not recognised</source>
        <translation>Not recognised</translation>
    </message>
</context>
<context>
    <name>ReviewViewWidget</name>
    <message>
        <source>Review visit</source>
        <translation>Review visit</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation>Compare with:</translation>
    </message>
    <message>
        <source>No comparison</source>
        <translation>No comparison</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Growth record</source>
        <translation>Growth record</translation>
    </message>
    <message>
        <source>To review</source>
        <translation>To review</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Revised</source>
        <translation>Revised</translation>
    </message>
    <message>
        <source>Finalized</source>
        <translation>Finalized</translation>
    </message>
    <message>
        <source>%1 · %2 · version %3</source>
        <translation>%1 · %2 · version %3</translation>
    </message>
    <message>
        <source>(no student name)</source>
        <translation>(no student name)</translation>
    </message>
    <message>
        <source>Counselor: %1</source>
        <translation>Counselor: %1</translation>
    </message>
    <message>
        <source>Visitors: %1</source>
        <translation>Visitors: %1</translation>
    </message>
    <message>
        <source>Delegated by: %1</source>
        <translation>Delegated by: %1</translation>
    </message>
    <message>
        <source>Visited: %1</source>
        <translation>Visited: %1</translation>
    </message>
    <message>
        <source>Duration: %1</source>
        <translation>Duration: %1</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Changes</translation>
    </message>
    <message>
        <source>Comments and answers</source>
        <translation>Comments and answers</translation>
    </message>
    <message>
        <source>Version %1 · %2: %3</source>
        <translation>Version %1 · %2: %3</translation>
    </message>
    <message>
        <source>Counselor's answer: %1</source>
        <translation>Counselor's answer: %1</translation>
    </message>
    <message>
        <source>Indicator score</source>
        <translation>Indicator score</translation>
    </message>
    <message>
        <source>Score %1 (rule set %2, version %3); suggested: %4</source>
        <translation>Score %1 (rule set %2, version %3); suggested: %4</translation>
    </message>
    <message>
        <source>Score %1 (rule set %2, an earlier version than this computer has); suggested: %4</source>
        <translation>Score %1 (rule set %2, an earlier version than this computer has); suggested: %4</translation>
    </message>
    <message>
        <source>Counselor's recommendation</source>
        <translation>Counselor's recommendation</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Reason: %1</translation>
    </message>
    <message>
        <source>Flags (%1 undecided)</source>
        <translation>Flags (%1 undecided)</translation>
    </message>
    <message>
        <source>No flags.</source>
        <translation>No flags.</translation>
    </message>
    <message>
        <source>Evidence: %1</source>
        <translation>Evidence: %1</translation>
    </message>
    <message>
        <source>Counselor's explanation: %1</source>
        <translation>Counselor's explanation: %1</translation>
    </message>
    <message>
        <source>Decision reason: %1</source>
        <translation>Decision reason: %1</translation>
    </message>
    <message>
        <source>Confirm…</source>
        <translation>Confirm…</translation>
    </message>
    <message>
        <source>Dismiss…</source>
        <translation>Dismiss…</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Consent</translation>
    </message>
    <message>
        <source>No consent record on this device.</source>
        <translation>No consent record on this device.</translation>
    </message>
    <message>
        <source>Guardian: %1 (%2) · notice %3</source>
        <translation>Guardian: %1 (%2) · notice %3</translation>
    </message>
    <message>
        <source>Agreed: %1</source>
        <translation>Agreed: %1</translation>
    </message>
    <message>
        <source>Roster checks authorised in writing</source>
        <translation>Roster checks authorised in writing</translation>
    </message>
    <message>
        <source>No written authorisation for roster checks</source>
        <translation>No written authorisation for roster checks</translation>
    </message>
    <message>
        <source>Photos, documents and signatures</source>
        <translation>Photos, documents and signatures</translation>
    </message>
    <message>
        <source>No attachments.</source>
        <translation>No attachments.</translation>
    </message>
    <message>
        <source>Not on this computer yet: it is fetched at the next sync.</source>
        <translation>Not on this computer yet: it is fetched at the next sync.</translation>
    </message>
    <message>
        <source>Time per step</source>
        <translation>Time per step</translation>
    </message>
    <message>
        <source>Documents, signatures and finalizing: %1</source>
        <translation>Documents, signatures and finalizing: %1</translation>
    </message>
    <message>
        <source>No step times were recorded for this version.</source>
        <translation>No step times were recorded for this version.</translation>
    </message>
    <message>
        <source>the whole visit</source>
        <translation>the whole visit</translation>
    </message>
    <message>
        <source>No answer changed between these versions.</source>
        <translation>No answer changed between these versions.</translation>
    </message>
    <message>
        <source>Fields changed: %1 (highlighted in the form)</source>
        <translation>Fields changed: %1 (highlighted in the form)</translation>
    </message>
    <message>
        <source>Decided here; sent at the next sync.</source>
        <translation>Decided here; sent at the next sync.</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <source>Review visit</source>
        <translation>Review visit</translation>
    </message>
    <message>
        <source>&amp;Print visit record…</source>
        <translation>&amp;Print visit record…</translation>
    </message>
</context>
<context>
    <name>ScheduleModel</name>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>Household</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Counselor</source>
        <translation>Counselor</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>This week</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>{0} · due {1}</source>
        <translation>{0} · due {1}</translation>
    </message>
    <message>
        <source> (cancelled)</source>
        <translation> (cancelled)</translation>
    </message>
</context>
<context>
    <name>SchedulePage</name>
    <message>
        <source>Show &amp;phone…</source>
        <translation>Show &amp;phone…</translation>
    </message>
    <message>
        <source>&amp;Open household</source>
        <translation>&amp;Open household</translation>
    </message>
    <message>
        <source>&amp;Appointment…</source>
        <translation>&amp;Appointment…</translation>
    </message>
    <message>
        <source>&amp;Cancel appointment</source>
        <translation>&amp;Cancel appointment</translation>
    </message>
    <message>
        <source>{0} overdue · {1} today · {2} this week</source>
        <translation>{0} overdue · {1} today · {2} this week</translation>
    </message>
    <message>
        <source>No phone recorded.</source>
        <translation>No phone recorded.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>No reminders</source>
        <translation>No reminders</translation>
    </message>
    <message>
        <source>Not enrolled with a server</source>
        <translation>Not enrolled with a server</translation>
    </message>
    <message>
        <source>Your office's policy locks after {0} minutes.</source>
        <translation>Your office's policy locks after {0} minutes.</translation>
    </message>
    <message>
        <source>The new language applies after the next unlock.</source>
        <translation>The new language applies after the next unlock.</translation>
    </message>
    <message>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>Lock after &amp;idle minutes</source>
        <translation>Lock after &amp;idle minutes</translation>
    </message>
    <message>
        <source>&amp;Remind me before a visit</source>
        <translation>&amp;Remind me before a visit</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>User on this computer</source>
        <translation>User on this computer</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Idle</source>
        <translation>Idle</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Uploading files…</source>
        <translation>Uploading files…</translation>
    </message>
    <message>
        <source>Sending changes…</source>
        <translation>Sending changes…</translation>
    </message>
    <message>
        <source>Receiving changes…</source>
        <translation>Receiving changes…</translation>
    </message>
    <message>
        <source>Receiving forms and code lists…</source>
        <translation>Receiving forms and code lists…</translation>
    </message>
    <message>
        <source>Re-downloading…</source>
        <translation>Re-downloading…</translation>
    </message>
    <message>
        <source>Cleaning up…</source>
        <translation>Cleaning up…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Nothing waiting to send.</source>
        <translation>Nothing waiting to send.</translation>
    </message>
    <message>
        <source>No sync in this session yet.</source>
        <translation>No sync in this session yet.</translation>
    </message>
    <message>
        <source>The sync engine is not available.</source>
        <translation>The sync engine is not available.</translation>
    </message>
    <message>
        <source>What will be sent</source>
        <translation>What will be sent</translation>
    </message>
    <message>
        <source>Keep &amp;mine</source>
        <translation>Keep &amp;mine</translation>
    </message>
    <message>
        <source>Take the &amp;server's</source>
        <translation>Take the &amp;server's</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Retry</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Discard</translation>
    </message>
    <message>
        <source>Not connected yet</source>
        <translation>Not connected yet</translation>
    </message>
    <message>
        <source>Not enrolled with a server</source>
        <translation>Not enrolled with a server</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>{0}: fields {1} changed on both sides</source>
        <translation>{0}: fields {1} changed on both sides</translation>
    </message>
    <message>
        <source>No conflicts.</source>
        <translation>No conflicts.</translation>
    </message>
    <message>
        <source>{0} #{1}: the household is no longer yours (handed over); not sent, kept on this computer: “{2}”</source>
        <translation>{0} #{1}: the household is no longer yours (handed over); not sent, kept on this computer: “{2}”</translation>
    </message>
    <message>
        <source>{0} #{1}: {2}</source>
        <translation>{0} #{1}: {2}</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>refused</translation>
    </message>
    <message>
        <source>Nothing refused.</source>
        <translation>Nothing refused.</translation>
    </message>
    <message>
        <source>● Online</source>
        <translation>● Online</translation>
    </message>
    <message>
        <source>Sent {0}, received {1}.</source>
        <translation>Sent {0}, received {1}.</translation>
    </message>
    <message>
        <source>○ Offline</source>
        <translation>○ Offline</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <source>Waiting to send</source>
        <translation>Waiting to send</translation>
    </message>
    <message>
        <source>Last result</source>
        <translation>Last result</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>&amp;Sync now</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>Conflicts to resolve</source>
        <translation>Conflicts to resolve</translation>
    </message>
    <message>
        <source>Refused by the server (kept here, not lost)</source>
        <translation>Refused by the server (kept here, not lost)</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>Nothing waiting to send</source>
        <translation>Nothing waiting to send</translation>
    </message>
    <message>
        <source>%1 visits</source>
        <translation>%1 visits</translation>
    </message>
    <message>
        <source>%1 photos</source>
        <translation>%1 photos</translation>
    </message>
    <message>
        <source>%1 household records</source>
        <translation>%1 household records</translation>
    </message>
    <message>
        <source>%1 other items</source>
        <translation>%1 other items</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>%1 waiting to send</source>
        <translation>%1 waiting to send</translation>
    </message>
    <message>
        <source>visit record</source>
        <translation>visit record</translation>
    </message>
    <message>
        <source>household record</source>
        <translation>household record</translation>
    </message>
    <message>
        <source>%1's household</source>
        <translation>%1's household</translation>
    </message>
    <message>
        <source>A household</source>
        <translation>A household</translation>
    </message>
    <message>
        <source>Not connected yet</source>
        <translation>Not connected yet</translation>
    </message>
    <message>
        <source>● Online</source>
        <translation>● Online</translation>
    </message>
    <message>
        <source>○ Offline</source>
        <translation>○ Offline</translation>
    </message>
    <message>
        <source>Last sync {0}</source>
        <translation>Last sync {0}</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>Never synced</translation>
    </message>
</context>
<context>
    <name>TeamWeekPage</name>
    <message>
        <source>This week's appointments</source>
        <translation>This week's appointments</translation>
    </message>
    <message>
        <source>Hand-backs waiting for your answer</source>
        <translation>Hand-backs waiting for your answer</translation>
    </message>
    <message>
        <source>&amp;Answer…</source>
        <translation>&amp;Answer…</translation>
    </message>
    <message>
        <source>{0} appointments of {1} counselors this week</source>
        <translation>{0} appointments of {1} counselors this week</translation>
    </message>
    <message>
        <source>{0} · {1} · {2}</source>
        <translation>{0} · {1} · {2}</translation>
    </message>
    <message>
        <source> — answered, waiting to sync</source>
        <translation> — answered, waiting to sync</translation>
    </message>
    <message>
        <source>No hand-backs waiting.</source>
        <translation>No hand-backs waiting.</translation>
    </message>
</context>
<context>
    <name>UnlockScreen</name>
    <message>
        <source>Add a user on this computer…</source>
        <translation>Add a user on this computer…</translation>
    </message>
    <message>
        <source>Set up this computer…</source>
        <translation>Set up this computer…</translation>
    </message>
    <message>
        <source>Type your passphrase.</source>
        <translation>Type your passphrase.</translation>
    </message>
    <message>
        <source>Wait {0} s</source>
        <translation>Wait {0} s</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>Unlocking…</translation>
    </message>
    <message>
        <source>Homevisit</source>
        <translation>Homevisit</translation>
    </message>
    <message>
        <source>Student-aid home visits, offline</source>
        <translation>Student-aid home visits, offline</translation>
    </message>
    <message>
        <source>&amp;User</source>
        <translation>&amp;User</translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation>&amp;Passphrase</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Something went wrong. Please try again.</source>
        <translation>Something went wrong. Please try again.</translation>
    </message>
</context>
</TS>