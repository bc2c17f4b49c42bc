-- The test's part of a headless Neovim run (test/editors/neovim.test.ts): after the
-- configuration of docs/how-to/other-editors.md, it does what a user does and writes what
-- Neovim shows to the JSON file named by $BIOMED_TEST_OUT, then quits. Plain Neovim 0.7 API.
local out = {}
local function finish()
  vim.fn.writefile({ vim.fn.json_encode(out) }, vim.env.BIOMED_TEST_OUT)
  vim.cmd('qa!')
end

-- What the hover float shows: K, as the how-to maps it (Neovim 0.7 maps no K to the LSP
-- hover: without the mapping it opens a man page), opens a floating window; its lines.
local function hover_float(line, col)
  local lines
  vim.wait(15000, function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= '' then vim.api.nvim_win_close(win, true) end
    end
    vim.api.nvim_win_set_cursor(0, { line + 1, col })
    vim.cmd('normal K')
    local shown = vim.wait(2000, function()
      for _, win in ipairs(vim.api.nvim_list_wins()) do
        if vim.api.nvim_win_get_config(win).relative ~= '' then
          lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
          return true
        end
      end
      return false
    end, 20)
    return shown and not table.concat(lines, '\n'):find('still being computed')
  end, 100)
  return lines
end

local function diagnostics(buf)
  return vim.tbl_map(function(d)
    return { lnum = d.lnum, col = d.col, end_col = d.end_col, message = d.message, severity = d.severity }
  end, vim.diagnostic.get(buf))
end

local function run()
  local buf = vim.api.nvim_get_current_buf()
  local mode = vim.env.BIOMED_TEST_MODE
  if mode == 'unreachable' then
    -- The warning, as Neovim shows it and keeps it in :messages.
    vim.wait(15000, function() return vim.fn.execute('messages'):find('Biomed NLP: no model') ~= nil end, 50)
    out.messages = vim.fn.execute('messages')
    return
  end
  vim.wait(20000, function() return #vim.diagnostic.get(buf) >= 2 end, 50)
  out.diagnostics = diagnostics(buf)

  local function position(surface)
    for lnum, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
      local col = l:find(surface, 1, true)
      if col then return lnum - 1, col - 1 end
    end
  end
  out.hover = hover_float(position('apixaban'))
  out.hover_negated = hover_float(position('chest pain'))
  out.hover_phi = hover_float(position('Okafor'))

  -- Save a De-identified Copy, as docs/how-to/other-editors.md's :BiomedDeidCopy runs it.
  local copy = vim.fn.expand('%:p:r') .. '.deid.note'
  vim.lsp.buf.execute_command({ command = 'biomedNlp.saveDeidentifiedCopy', arguments = { vim.uri_from_bufnr(buf), 'tags' } })
  vim.wait(10000, function() return vim.fn.filereadable(copy) == 1 end, 50)
  if vim.fn.filereadable(copy) == 1 then out.deid_copy = table.concat(vim.fn.readfile(copy), '\n') end

  local params = { textDocument = vim.lsp.util.make_text_document_params(buf) }
  local symbols = vim.lsp.buf_request_sync(buf, 'textDocument/documentSymbol', params, 5000)
  -- As :lua vim.lsp.buf.document_symbol() lists them (the location list's text).
  for _, r in pairs(symbols or {}) do
    out.symbols = vim.tbl_map(function(item) return item.text end, vim.lsp.util.symbols_to_items(r.result or {}, buf))
  end

  -- Entities across notes, as :lua vim.lsp.buf.workspace_symbol('apixaban') lists them in the
  -- quickfix list (asked again until the note's analysis is complete and indexed).
  vim.wait(20000, function()
    vim.fn.setqflist({}, 'r')
    vim.lsp.buf.workspace_symbol('apixaban')
    return vim.wait(1000, function() return #vim.fn.getqflist() > 0 end, 50)
  end, 100)
  out.workspace_symbols = vim.tbl_map(function(q) return { text = q.text, lnum = q.lnum, col = q.col } end, vim.fn.getqflist())
  vim.cmd('cclose')

  -- The quick fixes on the first finding's line, as vim.lsp.buf.code_action() lists them.
  local first = vim.diagnostic.get(buf)[1]
  local range_params = vim.lsp.util.make_given_range_params({ first.lnum + 1, first.col }, { first.end_lnum + 1, first.end_col }, buf)
  range_params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, first.lnum) }
  local actions = {}
  for _, r in pairs(vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', range_params, 5000) or {}) do
    for _, a in ipairs(r.result or {}) do table.insert(actions, a) end
  end
  out.actions = vim.tbl_map(function(a) return a.title end, actions)

  -- "Show how this was checked", then "Ignore this finding", as the menu runs them.
  for _, a in ipairs(actions) do
    if a.title == 'Show how this was checked' then
      vim.lsp.buf.execute_command(a.command)
      vim.wait(5000, function() return vim.fn.execute('messages'):find('How this statement was checked') ~= nil end, 50)
      break
    end
  end
  out.messages = vim.fn.execute('messages')
  vim.lsp.buf.execute_command(actions[1].command)
  vim.wait(10000, function() return #vim.diagnostic.get(buf) == 1 end, 50)
  out.after_ignore = diagnostics(buf)
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local ok, err = pcall(run)
    if not ok then out.error = tostring(err) end
    finish()
  end,
})
