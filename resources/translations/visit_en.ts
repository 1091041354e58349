<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>BooleanField</name>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>CaptureDialog</name>
    <message>
        <source>Resident ID card</source>
        <translation>Resident ID card</translation>
    </message>
    <message>
        <source>Household register (hukou)</source>
        <translation>Household register (hukou)</translation>
    </message>
    <message>
        <source>Certificate (e.g. minimum-living, disability)</source>
        <translation>Certificate (e.g. minimum-living, disability)</translation>
    </message>
    <message>
        <source>Proof of income</source>
        <translation>Proof of income</translation>
    </message>
    <message>
        <source>Signed authorisation for roster checks</source>
        <translation>Signed authorisation for roster checks</translation>
    </message>
    <message>
        <source>Photo of the home</source>
        <translation>Photo of the home</translation>
    </message>
    <message>
        <source>Other document</source>
        <translation>Other document</translation>
    </message>
    <message>
        <source>Add a photo or document</source>
        <translation>Add a photo or document</translation>
    </message>
    <message>
        <source>Import a photo or PDF</source>
        <translation>Import a photo or PDF</translation>
    </message>
    <message>
        <source>Photos and PDF (*.jpg *.jpeg *.png *.pdf)</source>
        <translation>Photos and PDF (*.jpg *.jpeg *.png *.pdf)</translation>
    </message>
    <message>
        <source>The file could not be read.</source>
        <translation>The file could not be read.</translation>
    </message>
    <message>
        <source>PDF document ready to save.</source>
        <translation>PDF document ready to save.</translation>
    </message>
    <message>
        <source>Only JPEG and PNG photos and PDF documents can be added.</source>
        <translation>Only JPEG and PNG photos and PDF documents can be added.</translation>
    </message>
    <message>
        <source>Drag over details to black them out before saving.</source>
        <translation>Drag over details to black them out before saving.</translation>
    </message>
    <message>
        <source>No camera found; import a file instead.</source>
        <translation>No camera found; import a file instead.</translation>
    </message>
    <message>
        <source>Import a photo or PDF, drop a file here, or take a photo. Black out personal details that do not belong to this visit before saving.</source>
        <translation>Import a photo or PDF, drop a file here, or take a photo. Black out personal details that do not belong to this visit before saving.</translation>
    </message>
    <message>
        <source>&amp;Import file…</source>
        <translation>&amp;Import file…</translation>
    </message>
    <message>
        <source>Start &amp;camera</source>
        <translation>Start &amp;camera</translation>
    </message>
    <message>
        <source>&amp;Take photo</source>
        <translation>&amp;Take photo</translation>
    </message>
    <message>
        <source>Document &amp;type</source>
        <translation>Document &amp;type</translation>
    </message>
    <message>
        <source>Rotate &amp;left</source>
        <translation>Rotate &amp;left</translation>
    </message>
    <message>
        <source>Rotate &amp;right</source>
        <translation>Rotate &amp;right</translation>
    </message>
    <message>
        <source>&amp;Black out</source>
        <translation>&amp;Black out</translation>
    </message>
    <message>
        <source>C&amp;rop</source>
        <translation>C&amp;rop</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>&amp;Save to this visit</source>
        <translation>&amp;Save to this visit</translation>
    </message>
</context>
<context>
    <name>ChoiceField</name>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
</context>
<context>
    <name>CommentNote</name>
    <message>
        <source>Supervisor's comment: %1</source>
        <translation>Supervisor's comment: %1</translation>
    </message>
    <message>
        <source>Answer the supervisor (what you checked or changed)</source>
        <translation>Answer the supervisor (what you checked or changed)</translation>
    </message>
    <message>
        <source>Send answer</source>
        <translation>Send answer</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>sent</translation>
    </message>
    <message>
        <source>waiting for sync</source>
        <translation>waiting for sync</translation>
    </message>
    <message>
        <source>Your answer (%1): %2</source>
        <translation>Your answer (%1): %2</translation>
    </message>
    <message>
        <source>Change answer</source>
        <translation>Change answer</translation>
    </message>
    <message>
        <source>Write an answer first.</source>
        <translation>Write an answer first.</translation>
    </message>
</context>
<context>
    <name>DocumentsPage</name>
    <message>
        <source>Photograph the documents that support the answers (ID cards, household register, certificates). Black out details of people who are not part of this visit.</source>
        <translation>Photograph the documents that support the answers (ID cards, household register, certificates). Black out details of people who are not part of this visit.</translation>
    </message>
    <message>
        <source>&amp;Add photo or document…</source>
        <translation>&amp;Add photo or document…</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>Remove selected</translation>
    </message>
</context>
<context>
    <name>FinalizeConfirm</name>
    <message>
        <source>Finalize the visit</source>
        <translation>Finalize the visit</translation>
    </message>
    <message>
        <source>The visit record (version %1) with the consent record</source>
        <translation>The visit record (version %1) with the consent record</translation>
    </message>
    <message>
        <source>%1 photos and documents</source>
        <translation>%1 photos and documents</translation>
    </message>
    <message>
        <source>%1 signatures</source>
        <translation>%1 signatures</translation>
    </message>
    <message>
        <source>%1 flags (%2 explained, %3 not explained yet)</source>
        <translation>%1 flags (%2 explained, %3 not explained yet)</translation>
    </message>
    <message>
        <source>Finalize this visit? It becomes read-only on this device and is sent to your supervisor at the next sync:</source>
        <translation>Finalize this visit? It becomes read-only on this device and is sent to your supervisor at the next sync:</translation>
    </message>
    <message>
        <source>%1 flags have no explanation yet. You can still explain them after finalizing, until the supervisor decides them; the visit cannot be approved before that.</source>
        <translation>%1 flags have no explanation yet. You can still explain them after finalizing, until the supervisor decides them; the visit cannot be approved before that.</translation>
    </message>
    <message>
        <source>&amp;Finalize</source>
        <translation>&amp;Finalize</translation>
    </message>
    <message>
        <source>&amp;Keep checking</source>
        <translation>&amp;Keep checking</translation>
    </message>
</context>
<context>
    <name>FinalizePage</name>
    <message>
        <source>Still to do (click one to go there):</source>
        <translation>Still to do (click one to go there):</translation>
    </message>
    <message>
        <source>&amp;Finalize the visit…</source>
        <translation>&amp;Finalize the visit…</translation>
    </message>
    <message>
        <source>A finalized visit is read-only on this device. It is sent to your supervisor at the next sync. Flags can still be explained until the supervisor decides them.</source>
        <translation>A finalized visit is read-only on this device. It is sent to your supervisor at the next sync. Flags can still be explained until the supervisor decides them.</translation>
    </message>
    <message>
        <source>This visit is finalized (version %1).</source>
        <translation>This visit is finalized (version %1).</translation>
    </message>
    <message>
        <source>Recommended level: %1</source>
        <translation>Recommended level: %1</translation>
    </message>
    <message>
        <source>consent signature</source>
        <translation>consent signature</translation>
    </message>
    <message>
        <source>guardian's signature</source>
        <translation>guardian's signature</translation>
    </message>
    <message>
        <source>visitor's signature</source>
        <translation>visitor's signature</translation>
    </message>
    <message>
        <source>Flags still open: %1. The supervisor cannot approve the visit until they are explained.</source>
        <translation>Flags still open: %1. The supervisor cannot approve the visit until they are explained.</translation>
    </message>
</context>
<context>
    <name>FlagCard</name>
    <message>
        <source>Public-finance employee</source>
        <translation>Public-finance employee</translation>
    </message>
    <message>
        <source>Corporate officer</source>
        <translation>Corporate officer</translation>
    </message>
    <message>
        <source>Follow-up question</source>
        <translation>Follow-up question</translation>
    </message>
    <message>
        <source>What the family said (e.g. retired, company deregistered)</source>
        <translation>What the family said (e.g. retired, company deregistered)</translation>
    </message>
    <message>
        <source>Record explanation</source>
        <translation>Record explanation</translation>
    </message>
    <message>
        <source>Open — ask the question below</source>
        <translation>Open — ask the question below</translation>
    </message>
    <message>
        <source>✓ Explained — waiting for the supervisor</source>
        <translation>✓ Explained — waiting for the supervisor</translation>
    </message>
    <message>
        <source>Confirmed by the supervisor</source>
        <translation>Confirmed by the supervisor</translation>
    </message>
    <message>
        <source>Dismissed by the supervisor</source>
        <translation>Dismissed by the supervisor</translation>
    </message>
</context>
<context>
    <name>FlagsPanel</name>
    <message>
        <source>Things to verify</source>
        <translation>Things to verify</translation>
    </message>
    <message>
        <source>No flags. Flags appear here as soon as an answer needs a follow-up question.</source>
        <translation>No flags. Flags appear here as soon as an answer needs a follow-up question.</translation>
    </message>
    <message>
        <source>Things to verify (%1 open)</source>
        <translation>Things to verify (%1 open)</translation>
    </message>
</context>
<context>
    <name>ImageEditor</name>
    <message>
        <source>Photo being edited</source>
        <translation>Photo being edited</translation>
    </message>
</context>
<context>
    <name>LineField</name>
    <message>
        <source>not filled in</source>
        <translation>not filled in</translation>
    </message>
</context>
<context>
    <name>RosterEditor</name>
    <message>
        <source>Add a member</source>
        <translation>Add a member</translation>
    </message>
</context>
<context>
    <name>ScoreBox</name>
    <message>
        <source>Indicator score: %1 — suggested level: %2</source>
        <translation>Indicator score: %1 — suggested level: %2</translation>
    </message>
    <message>
        <source>The score only suggests; if you recommend another level, give a reason.</source>
        <translation>The score only suggests; if you recommend another level, give a reason.</translation>
    </message>
</context>
<context>
    <name>SignatureBox</name>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Save signature</source>
        <translation>Save signature</translation>
    </message>
    <message>
        <source>Signature on file.</source>
        <translation>Signature on file.</translation>
    </message>
    <message>
        <source>Not saved yet.</source>
        <translation>Not saved yet.</translation>
    </message>
    <message>
        <source>Sign inside the box with a mouse, pen or finger.</source>
        <translation>Sign inside the box with a mouse, pen or finger.</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>Signature pad</source>
        <translation>Signature pad</translation>
    </message>
</context>
<context>
    <name>SignaturesPage</name>
    <message>
        <source>Guardian's signature</source>
        <translation>Guardian's signature</translation>
    </message>
    <message>
        <source>Visitor's signature</source>
        <translation>Visitor's signature</translation>
    </message>
</context>
<context>
    <name>VisitWizard</name>
    <message>
        <source>Home visit</source>
        <translation>Home visit</translation>
    </message>
    <message>
        <source>Guardian's signature on the consent</source>
        <translation>Guardian's signature on the consent</translation>
    </message>
    <message>
        <source>Documents and photos</source>
        <translation>Documents and photos</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>Signatures</translation>
    </message>
    <message>
        <source>Finalize</source>
        <translation>Finalize</translation>
    </message>
    <message>
        <source>Student: %1</source>
        <translation>Student: %1</translation>
    </message>
    <message>
        <source>Guardian: %1</source>
        <translation>Guardian: %1</translation>
    </message>
    <message>
        <source>Editing…</source>
        <translation>Editing…</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Draft</translation>
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
        <source>Returned for revision</source>
        <translation>Returned for revision</translation>
    </message>
    <message>
        <source>Revised</source>
        <translation>Revised</translation>
    </message>
    <message>
        <source>Returned by the supervisor:</source>
        <translation>Returned by the supervisor:</translation>
    </message>
    <message>
        <source>Answer saved; it reaches the supervisor at the next sync.</source>
        <translation>Answer saved; it reaches the supervisor at the next sync.</translation>
    </message>
    <message>
        <source>◀ %1: %2 required answers missing — go back</source>
        <translation>◀ %1: %2 required answers missing — go back</translation>
    </message>
    <message>
        <source>All changes saved.</source>
        <translation>All changes saved.</translation>
    </message>
    <message>
        <source>Saving the photo…</source>
        <translation>Saving the photo…</translation>
    </message>
    <message>
        <source>The visit is finalized.</source>
        <translation>The visit is finalized.</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
</context>
<context>
    <name>_ItemBox</name>
    <message>
        <source>Remove this member</source>
        <translation>Remove this member</translation>
    </message>
</context>
</TS>