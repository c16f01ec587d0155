; Included by electron-builder's NSIS installer (nsis.include in builder-config.ts).
; An administrator can put config.json (and policy.json) beside setup.exe: a per-machine install
; copies them to %ProgramData%\Meeting Assistant\, the machine-wide folder the app reads
; (docs/admin-guide.md). A per-user install never writes there: a folder a normal user creates
; in ProgramData would be owned, and changeable, by that user.
!macro customInstall
  ${If} $installMode == "all"
    ReadEnvStr $0 PROGRAMDATA
    ${If} ${FileExists} "$EXEDIR\config.json"
      CreateDirectory "$0\Meeting Assistant"
      CopyFiles /SILENT "$EXEDIR\config.json" "$0\Meeting Assistant\config.json"
    ${EndIf}
    ${If} ${FileExists} "$EXEDIR\policy.json"
      CreateDirectory "$0\Meeting Assistant"
      CopyFiles /SILENT "$EXEDIR\policy.json" "$0\Meeting Assistant\policy.json"
    ${EndIf}
  ${EndIf}
!macroend
