# Writes a C++ file defining `const char* const <NAME>` with IN's text.
file(READ ${IN} text)
file(WRITE ${OUT} "// Generated from ${IN}; do not edit.\nnamespace jjm {\nextern const char* const ${NAME};\nconst char* const ${NAME} = R\"jjmtext(${text})jjmtext\";\n}  // namespace jjm\n")
