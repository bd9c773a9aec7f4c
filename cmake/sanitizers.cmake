# AddressSanitizer + UndefinedBehaviorSanitizer (with LeakSanitizer) for the asan preset.
if(AUTOFIX_SANITIZERS)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
